<#
.SYNOPSIS
One run end to end through the emulator in a fresh process: CSV → parts → upload and start → wait →
save with the joined CSV. Prints one JSON line with each stage's time and the process's peak.
#>
param(
    [Parameter(Mandatory)][string] $Manifest,
    [Parameter(Mandatory)][string] $StackFile,
    [Parameter(Mandatory)][string] $CsvPath,
    [Parameter(Mandatory)][string] $OutDir,
    # The stack's DataZoneBatch deployment: 15M enqueued tokens; 100k requests estimate about 5.6M, over gpt-4o-batch's 5M.
    [string] $Deployment = 'gpt-4o-mini-batch',
    [int] $TimeoutSeconds = 1800
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $Manifest
Import-Module (Join-Path $PSScriptRoot 'PerfHelpers.psm1')
$null = Connect-BenchStack -StackFile $StackFile
if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
$null = New-Item -ItemType Directory -Force -Path $OutDir

$stages = [ordered]@{}
$clock = [Diagnostics.Stopwatch]::StartNew()
$files = @(New-BatchInputFile -CsvPath $CsvPath -Deployment $Deployment -IdProperty Id `
        -SystemPrompt 'Classify the ticket as Hardware, Software or Access. Answer with one word.' `
        -UserTemplate 'Ticket {Title}: {Body} (priority {Priority})' -Path (Join-Path $OutDir 'input.jsonl'))
$stages.write = $clock.Elapsed.TotalMilliseconds
$jobs = @($files | Start-BlobBatch -PollIntervalSeconds 1)
$stages.start = $clock.Elapsed.TotalMilliseconds - $stages.write
$done = @($jobs | Wait-BlobBatch -PollIntervalSeconds 1 -Timeout $TimeoutSeconds)
$stages.wait = $clock.Elapsed.TotalMilliseconds - $stages.write - $stages.start
$summary = $done | Save-BatchResult -Path (Join-Path $OutDir 'results') -CsvPath (Join-Path $OutDir 'joined.csv')
$stages.save = $clock.Elapsed.TotalMilliseconds - $stages.write - $stages.start - $stages.wait
$clock.Stop()
$report = [ordered]@{
    ms        = [Math]::Round($clock.Elapsed.TotalMilliseconds, 1)
    stagesMs  = [ordered]@{}
    parts     = $files.Count
    requests  = $summary.Requests
    succeeded = $summary.Succeeded
    statuses  = @($done | ForEach-Object Status | Sort-Object -Unique)
    peakMiB   = [Math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
}
foreach ($key in $stages.Keys) { $report.stagesMs[$key] = [Math]::Round($stages[$key], 0) }
Remove-Item -LiteralPath $OutDir -Recurse -Force -ErrorAction SilentlyContinue
'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress -Depth 4)
