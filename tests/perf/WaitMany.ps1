<#
.SYNOPSIS
Waiting on many batches in a fresh process: starts -Batches small batches on an emulator that holds each
in validation, then measures in phases: a warm-up of one-second rounds (so the runtime's tiered JIT
has compiled the polling path: a fresh process pays that once, in its first minutes), the same pwsh
sleeping (the floor), Wait-BlobBatch while nothing changes for -IdleSeconds (ended by -Timeout, after
one unmeasured round that wakes the thread pool and the connection from the sleep) and the wait to the
end. Control calls are counted through the emulator's fault plan
(zero-delay rules that only count). Prints one JSON line.
#>
param(
    [Parameter(Mandatory)][string] $Manifest,
    [Parameter(Mandatory)][string] $StackFile,
    [Parameter(Mandatory)][string] $OutDir,
    [int] $Batches = 50,
    [int] $PollIntervalSeconds = 5,
    [int] $TimeoutSeconds = 600,
    [int] $WarmSeconds = 60,
    # Runtime background work (tier-1 compiles) runs down before anything is measured.
    [int] $SettleSeconds = 10,
    [int] $IdleSeconds = 20,
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
$process = [Diagnostics.Process]::GetCurrentProcess()
function Get-Cpu { $process.Refresh(); $process.TotalProcessorTime }

# Warm-up: a method is compiled fully once called 30 times, so one-second rounds get there quickly.
$before = Get-Cpu
$null = @($jobs | Wait-BlobBatch -PollIntervalSeconds 1 -Timeout $WarmSeconds -ErrorAction SilentlyContinue)
$warm = (Get-Cpu) - $before
function Get-Calls { ($client.GetStringAsync("$($stack.adminEndpoint)/faults").GetAwaiter().GetResult() | ConvertFrom-Json).rules }

# Zero-delay Delay rules match every control call and only count it; the first matching rule takes the hit.
$client = [System.Net.Http.HttpClient]::new()
try {
    $plan = '{"rules":[{"kind":"Delay","operation":"get","delayMilliseconds":0},{"kind":"Delay","operation":"list","delayMilliseconds":0},{"kind":"Delay","delayMilliseconds":0}]}'
    $content = [System.Net.Http.StringContent]::new($plan, [Text.Encoding]::UTF8, 'application/json')
    $null = $client.PostAsync("$($stack.adminEndpoint)/faults", $content).GetAwaiter().GetResult().EnsureSuccessStatusCode()
    Start-Sleep -Seconds $SettleSeconds

    # The floor: what this pwsh (runtime, PowerShell, loaded module) burns doing nothing.
    $before = Get-Cpu
    Start-Sleep -Seconds $IdleSeconds
    $floor = (Get-Cpu) - $before

    # Idle waiting: every batch still validating, so each round finds nothing changed.
    function Measure-IdleWait([int] $Seconds) {
        $before = Get-Cpu
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = @($jobs | Wait-BlobBatch -PollIntervalSeconds $PollIntervalSeconds -Timeout $Seconds -ErrorAction SilentlyContinue)
        [pscustomobject]@{ Cpu = (Get-Cpu) - $before; Seconds = $watch.Elapsed.TotalSeconds }
    }
    $short = Measure-IdleWait 1
    $long = Measure-IdleWait $IdleSeconds
    $idle = $long.Cpu
    $idleSpan = $long.Seconds
    $idleCalls = [int](Get-Calls | Measure-Object hits -Sum).Sum

    # Then to the end, counting every control call.
    $before = Get-Cpu
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $done = @($jobs | Wait-BlobBatch -PollIntervalSeconds $PollIntervalSeconds -Timeout $TimeoutSeconds)
    $clock.Stop()
    $cpu = (Get-Cpu) - $before
    $counted = Get-Calls
    $null = $client.DeleteAsync("$($stack.adminEndpoint)/faults").GetAwaiter().GetResult()
}
finally { $client.Dispose() }

$seconds = $short.Seconds + $long.Seconds + $clock.Elapsed.TotalSeconds
$rounds = [Math]::Max(1, [Math]::Ceiling($seconds / $PollIntervalSeconds))
$idleRounds = [Math]::Max(1, [Math]::Round($idleSpan / $PollIntervalSeconds))
$gets = [int]$counted[0].hits
$report = [ordered]@{
    batches              = $jobs.Count
    finished             = @($done | Where-Object Status -EQ 'completed').Count
    waitSeconds          = [Math]::Round($seconds, 1)
    pollIntervalSeconds  = $PollIntervalSeconds
    getRequests          = $gets
    listRequests         = [int]$counted[1].hits
    otherRequests        = [int]$counted[2].hits
    getsPerBatchPerRound = [Math]::Round($gets / [Math]::Max(1, $jobs.Count) / $rounds, 2)
    idleSeconds          = [Math]::Round($idleSpan, 1)
    idleCalls            = $idleCalls
    idleCpuMs            = [Math]::Round($idle.TotalMilliseconds, 0)
    idleCpuMsPerRound    = [Math]::Round($idle.TotalMilliseconds / $idleRounds, 1)
    idlePercentOfCore    = [Math]::Round(100 * $idle.TotalSeconds / [Math]::Max(0.001, $idleSpan), 3)
    idleFloorPercent     = [Math]::Round(100 * $floor.TotalSeconds / $IdleSeconds, 3)
    warmSeconds          = $WarmSeconds
    warmCpuMs            = [Math]::Round($warm.TotalMilliseconds, 0)
    cpuMs                = [Math]::Round(($short.Cpu + $long.Cpu + $cpu).TotalMilliseconds, 0)
    cpuPercentOfCore     = [Math]::Round(100 * ($short.Cpu + $long.Cpu + $cpu).TotalSeconds / [Math]::Max(0.001, $seconds), 3)
    peakMiB              = [Math]::Round($process.PeakWorkingSet64 / 1MB, 1)
}
Remove-Item -LiteralPath $OutDir -Recurse -Force -ErrorAction SilentlyContinue
'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress)
