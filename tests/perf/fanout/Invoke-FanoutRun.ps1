<#
.SYNOPSIS
One run of the fan-out bench in a fresh process; prints BENCH-RESULT with its makespan (first start to last batch
completed, wall clock) and what completed.
.DESCRIPTION
-Mode plan: only writes the parts and reports their requests and estimated tokens (the bench sizes the stack from it).
-Mode loop: the Azure docs' loop, one part at a time on the first resource: upload the part and create its batch,
poll until it is done, then the next part.
-Mode fanout: Start-BlobBatch over the first -Targets resources (-Context $c1,$c2,… when more than one), piped to
Wait-BlobBatch.
#>
param(
    [Parameter(Mandatory)][string] $Manifest,
    [Parameter(Mandatory)][ValidateSet('plan', 'loop', 'fanout')][string] $Mode,
    [Parameter(Mandatory)][string] $OutDir,
    [string] $StackFile,
    [int] $Targets = 1,
    [int] $Requests = 6000,
    [int] $Parts = 12,
    [string] $Deployment = 'fanout-batch',
    [int] $TimeoutSeconds = 1800
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# One line the bench can put in its table, instead of the error view's frame.
trap { 'BENCH-ERROR ' + ($_.Exception.Message -replace '\s+', ' '); exit 1 }
Import-Module $Manifest
. (Join-Path $PSScriptRoot 'New-FanoutParts.ps1')

$files = New-FanoutParts -OutDir (Join-Path $OutDir 'parts') -Deployment $Deployment -Requests $Requests -Parts $Parts
$report = [ordered]@{
    mode     = $Mode
    targets  = $Targets
    parts    = $files.Count
    requests = ($files | Measure-Object RequestCount -Sum).Sum
    tokens   = ($files | Measure-Object EstimatedTokens -Sum).Sum
    partTokens = ($files | Measure-Object EstimatedTokens -Maximum).Maximum
}
if ($Mode -eq 'plan') {
    'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress)
    return
}

if ($Targets -gt 1 -and -not (Get-Command Start-BlobBatch).Parameters['Context'].ParameterType.IsArray) {
    throw "This build's Start-BlobBatch takes one -Context; the run over $Targets targets needs issue 16's client (-Context `$c1,`$c2,…)."
}
$stack = Get-Content -Raw -LiteralPath $StackFile | ConvertFrom-Json
$contexts = @(foreach ($resource in @($stack.resources)[0..($Targets - 1)]) {
        Connect-BlobBatch -Endpoint $resource.openaiEndpoint -Quiet -PassThru `
            -ApiKey (ConvertTo-SecureString -String $resource.apiKey -AsPlainText -Force) `
            -StorageConnectionString (ConvertTo-SecureString -String $stack.storageConnectionString -AsPlainText -Force) `
            -InputContainer $stack.inputContainer -OutputContainer $stack.outputContainer
    })

$clock = [Diagnostics.Stopwatch]::StartNew()
if ($Mode -eq 'loop') {
    $terminal = 'completed', 'failed', 'expired', 'cancelled'
    $done = foreach ($file in $files) {
        $job = $file | Start-BlobBatch -Context $contexts[0]
        while ($job.Status -notin $terminal) {
            if ($clock.Elapsed.TotalSeconds -gt $TimeoutSeconds) { throw "The loop did not finish within $TimeoutSeconds s." }
            Start-Sleep -Seconds 1
            $job = Get-BlobBatch -Id $job.Id -Context $contexts[0]
        }
        $job
    }
}
else {
    # One context is the single-target run; several are the fan-out, which takes them as an array.
    $context = if ($contexts.Count -eq 1) { $contexts[0] } else { $contexts }
    $done = $files | Start-BlobBatch -Context $context -PollIntervalSeconds 1 | Wait-BlobBatch -PollIntervalSeconds 1 -Timeout $TimeoutSeconds
}
$clock.Stop()
$done = @($done)
$report.makespanMs = [Math]::Round($clock.Elapsed.TotalMilliseconds, 0)
$report.batches = $done.Count
$report.statuses = @($done | ForEach-Object Status | Sort-Object -Unique)
$report.completedRequests = ($done | Measure-Object CompletedRequests -Sum).Sum
# In the order of the targets given, so the bench can show the spread as 4/4/4.
$report.batchesPerEndpoint = [ordered]@{}
foreach ($context in $contexts) { $report.batchesPerEndpoint["$($context.Endpoint)"] = @($done | Where-Object { "$($_.Context.Endpoint)" -eq "$($context.Endpoint)" }).Count }
Remove-Item -LiteralPath $OutDir -Recurse -Force -ErrorAction SilentlyContinue
'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress -Depth 4)
