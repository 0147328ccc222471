<#
.SYNOPSIS
Prepares one size of the bench's join data: the module writes the input parts and side map from the
generated CSV (as a user's run would), RawFloor writes one service-shaped results file per part, and
each results file is put into the output container as the batch would have left it. Writes the job
spec New-BenchJob reads. Local files are kept between bench runs; the upload happens every run.
-Answers realistic gives answers of realistic length (RawFloor/RealisticTickets.cs) instead of one word.
#>
param(
    [Parameter(Mandatory)][string] $Manifest,
    [Parameter(Mandatory)][string] $StackFile,
    [Parameter(Mandatory)][string] $CsvPath,
    [Parameter(Mandatory)][string] $DataDir,
    [Parameter(Mandatory)][string] $RawFloor,
    [Parameter(Mandatory)][string] $SpecPath,
    [string] $Deployment = 'gpt-4o-batch',
    [ValidateSet('easy', 'realistic')][string] $Answers = 'easy'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $Manifest
Import-Module (Join-Path $PSScriptRoot 'PerfHelpers.psm1')
$stack = Connect-BenchStack -StackFile $StackFile

$partsFile = Join-Path $DataDir 'parts.json'
if (-not (Test-Path -LiteralPath $partsFile)) {
    if (Test-Path -LiteralPath $DataDir) { Remove-Item -LiteralPath $DataDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $DataDir
    $files = @(New-BatchInputFile -CsvPath $CsvPath -Deployment $Deployment -IdProperty Id `
            -SystemPrompt 'Classify the ticket as Hardware, Software or Access. Answer with one word.' `
            -UserTemplate 'Ticket {Title}: {Body} (priority {Priority})' -Path (Join-Path $DataDir 'input.jsonl'))
    $parts = foreach ($file in $files) {
        $results = Join-Path $DataDir ("results-{0:D2}.jsonl" -f $file.PartNumber)
        & dotnet $RawFloor gen-results $file.Path $results $Answers | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "RawFloor gen-results failed for $($file.Path)." }
        [ordered]@{ partNumber = $file.PartNumber; requests = $file.RequestCount; inputPath = $file.Path; rowMapPath = $file.RowMapPath; resultsPath = $results }
    }
    ConvertTo-Json -InputObject @($parts) -Depth 3 | Set-Content -LiteralPath $partsFile -Encoding utf8NoBOM
}

$parts = @(Get-Content -Raw -LiteralPath $partsFile | ConvertFrom-Json)
$runId = 'bench-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
$specParts = foreach ($part in $parts) {
    $name = "$runId/part$($part.partNumber)/results.jsonl"
    Send-RawBlob -BlobEndpoint $stack.blobEndpoint -Container $stack.outputContainer -Name $name -Path $part.resultsPath
    [ordered]@{
        batchId    = "batch_$runId-$($part.partNumber)"
        partNumber = $part.partNumber
        requests   = $part.requests
        inputPath  = $part.inputPath
        rowMapPath = $part.rowMapPath
        outputBlob = "$($stack.blobEndpoint)/$($stack.outputContainer)/$name"
        resultsPath = $part.resultsPath
    }
}
[ordered]@{ runId = $runId; deployment = $Deployment; parts = @($specParts) } | ConvertTo-Json -Depth 4 |
    Set-Content -LiteralPath $SpecPath -Encoding utf8NoBOM
