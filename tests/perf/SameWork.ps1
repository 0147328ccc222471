<#
.SYNOPSIS
Writes one CSV through New-BatchInputFile -CsvPath, as the rows scenario does, and prints the SHA-256 of
the request lines and of the side map and the token total, for tools/Bench.psm1 to compare with the
raw floor's output: the floor must do the same job, byte for byte.
#>
param(
    [Parameter(Mandatory)][string] $Manifest,
    [Parameter(Mandatory)][string] $CsvPath,
    [Parameter(Mandatory)][string] $OutDir,
    [Parameter(Mandatory)][string] $Deployment,
    [Parameter(Mandatory)][string] $SystemPrompt,
    [Parameter(Mandatory)][string] $UserTemplate
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $Manifest
if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
$null = New-Item -ItemType Directory -Force -Path $OutDir
$parts = @(New-BatchInputFile -CsvPath $CsvPath -Deployment $Deployment -SystemPrompt $SystemPrompt -UserTemplate $UserTemplate -IdProperty Id -Path (Join-Path $OutDir 'input.jsonl'))
if ($parts.Count -ne 1) { throw "SameWork compares one part; $CsvPath made $($parts.Count)." }
$report = [ordered]@{
    linesSha256 = (Get-FileHash -LiteralPath $parts[0].Path -Algorithm SHA256).Hash
    mapSha256   = (Get-FileHash -LiteralPath $parts[0].RowMapPath -Algorithm SHA256).Hash
    tokens      = $parts[0].EstimatedTokens
    requests    = $parts[0].RequestCount
}
Remove-Item -LiteralPath $OutDir -Recurse -Force
'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress)
