<#
.SYNOPSIS
Waiting on many batches in a fresh process: starts -Batches small batches on a slowly paced emulator,
then counts the control calls Wait-BlobBatch makes (through the emulator's fault plan: zero-delay
rules that only count) and the CPU this process uses while it waits. Prints one JSON line.
#>
param(
    [Parameter(Mandatory)][string] $Manifest,
    [Parameter(Mandatory)][string] $StackFile,
    [Parameter(Mandatory)][string] $OutDir,
    [int] $Batches = 50,
    [int] $PollIntervalSeconds = 5,
    [int] $TimeoutSeconds = 600,
    [string] $Deployment = 'gpt-4o-batch'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $Manifest
Import-Module (Join-Path $PSScriptRoot 'PerfHelpers.psm1')
$stack = Connect-BenchStack -StackFile $StackFile
if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
$null = New-Item -ItemType Directory -Force -Path $OutDir

$rows = 1..($Batches * 2) | ForEach-Object { [pscustomobject]@{ Id = "w$_"; Text = "ticket $_" } }
$files = @($rows | New-BatchInputFile -Deployment $Deployment -UserTemplate 'Classify: {Text}' -IdProperty Id -MaxRequestsPerFile 2 -Path (Join-Path $OutDir 'input.jsonl'))
$jobs = @($files | Start-BlobBatch)
# One short wait first (one round, then -Timeout), so loading and JIT of the wait path stay off the measured CPU.
$null = Wait-BlobBatch -Job $jobs[0] -PollIntervalSeconds 1 -Timeout 1 -ErrorAction SilentlyContinue

# Zero-delay Delay rules match every control call and only count it; the first matching rule takes the hit.
$client = [System.Net.Http.HttpClient]::new()
try {
    $plan = '{"rules":[{"kind":"Delay","operation":"get","delayMilliseconds":0},{"kind":"Delay","operation":"list","delayMilliseconds":0},{"kind":"Delay","delayMilliseconds":0}]}'
    $content = [System.Net.Http.StringContent]::new($plan, [Text.Encoding]::UTF8, 'application/json')
    $null = $client.PostAsync("$($stack.adminEndpoint)/faults", $content).GetAwaiter().GetResult().EnsureSuccessStatusCode()

    # The floor: what this pwsh (runtime, PowerShell, loaded module) burns doing nothing for 5 s.
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $process.Refresh()
    $idleBefore = $process.TotalProcessorTime
    Start-Sleep -Seconds 5
    $process.Refresh()
    $idle = $process.TotalProcessorTime - $idleBefore

    $process.Refresh()
    $cpuBefore = $process.TotalProcessorTime
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $done = @($jobs | Wait-BlobBatch -PollIntervalSeconds $PollIntervalSeconds -Timeout $TimeoutSeconds)
    $clock.Stop()
    $process.Refresh()
    $cpu = $process.TotalProcessorTime - $cpuBefore

    $counted = $client.GetStringAsync("$($stack.adminEndpoint)/faults").GetAwaiter().GetResult() | ConvertFrom-Json
    $null = $client.DeleteAsync("$($stack.adminEndpoint)/faults").GetAwaiter().GetResult()
}
finally { $client.Dispose() }

$seconds = $clock.Elapsed.TotalSeconds
$gets = [int]$counted.rules[0].hits
$report = [ordered]@{
    batches              = $jobs.Count
    finished             = @($done | Where-Object Status -EQ 'completed').Count
    waitSeconds          = [Math]::Round($seconds, 1)
    pollIntervalSeconds  = $PollIntervalSeconds
    getRequests          = $gets
    listRequests         = [int]$counted.rules[1].hits
    otherRequests        = [int]$counted.rules[2].hits
    getsPerBatchPerRound = [Math]::Round($gets / [Math]::Max(1, $jobs.Count) / [Math]::Max(1, [Math]::Ceiling($seconds / $PollIntervalSeconds)), 2)
    cpuMs                = [Math]::Round($cpu.TotalMilliseconds, 0)
    cpuPercentOfCore     = [Math]::Round(100 * $cpu.TotalSeconds / [Math]::Max(0.001, $seconds), 3)
    idleFloorPercent     = [Math]::Round(100 * $idle.TotalSeconds / 5, 3)
    peakMiB              = [Math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
}
Remove-Item -LiteralPath $OutDir -Recurse -Force -ErrorAction SilentlyContinue
'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress)
