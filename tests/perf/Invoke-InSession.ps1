<#
.SYNOPSIS
The bench's warm session: one pwsh, module imported, stack connected; for each scenario the
implementations alternate (ours, baseline, ours, …) N times after one untimed warm-up each.
Writes the times (ms) to -ResultPath as JSON. Started by tools/Bench.psm1 (Invoke-Bench).
#>
param(
    [Parameter(Mandatory)][string] $PlanPath,
    [Parameter(Mandatory)][string] $ResultPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$plan = Get-Content -Raw -LiteralPath $PlanPath | ConvertFrom-Json
Import-Module $plan.manifest
Import-Module (Join-Path $PSScriptRoot 'PerfHelpers.psm1')
if ($plan.stackFile) { $null = Connect-BenchStack -StackFile $plan.stackFile }

function ConvertTo-Splat {
    param($Object)
    $splat = @{}
    if ($Object) { foreach ($property in $Object.PSObject.Properties) { $splat[$property.Name] = $property.Value } }
    $splat
}

function Invoke-Once {
    # Returns the wall time and the CPU time (all threads of this process) of one run in ms; the output
    # folder is emptied first, outside the clock. CPU time is the steadier measure on a shared machine:
    # other processes' load stretches wall time, not it. A script that times its own work (the raw
    # floor, a process of its own) returns it as benchMs and benchCpuMs.
    param($Impl, [hashtable] $Splat, [string] $OutDir)
    if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $OutDir
    $Splat['OutDir'] = $OutDir
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $cpu = $process.TotalProcessorTime
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = & $Impl.script @Splat
    $clock.Stop()
    $process.Refresh()
    $own = @($output | Where-Object { $null -ne $_ -and $_.PSObject.Properties['benchMs'] })
    if ($own) { return [pscustomobject]@{ ms = [double]$own[-1].benchMs; cpuMs = [double]$own[-1].benchCpuMs } }
    [pscustomobject]@{ ms = [Math]::Round($clock.Elapsed.TotalMilliseconds, 1); cpuMs = [Math]::Round(($process.TotalProcessorTime - $cpu).TotalMilliseconds, 0) }
}

$results = [System.Collections.Generic.List[object]]::new()
$warmed = @{}
foreach ($scenario in $plan.scenarios) {
    $records = @{}
    foreach ($impl in $scenario.impls) {
        $records[$impl.impl] = [ordered]@{ scenario = $scenario.name; data = $(if ($scenario.PSObject.Properties['data']) { $scenario.data }); size = $scenario.size; impl = $impl.impl; ms = [System.Collections.Generic.List[double]]::new(); cpuMs = [System.Collections.Generic.List[double]]::new(); error = $null }
    }
    $tag = if ($scenario.PSObject.Properties['data'] -and $scenario.data) { "$($scenario.name)-$($scenario.data)" } else { $scenario.name }
    Write-Host "in-session: $tag ($($scenario.size)), N=$($scenario.n)"
    foreach ($impl in $scenario.impls) {
        # One untimed run per script on its small warm-up input, so JIT and first loads stay off the clock.
        $key = $impl.script
        if (-not $warmed.ContainsKey($key) -and $impl.PSObject.Properties['warmup'] -and $impl.warmup) {
            try { $null = Invoke-Once -Impl $impl -Splat (ConvertTo-Splat $impl.warmup) -OutDir (Join-Path $plan.workRoot "warmup-$($impl.impl)") }
            catch { Write-Host "  warm-up of $($impl.impl) failed: $($_.Exception.Message)" }
            $warmed[$key] = $true
        }
    }
    for ($rep = 1; $rep -le $scenario.n; $rep++) {
        foreach ($impl in $scenario.impls) {
            $record = $records[$impl.impl]
            if ($record.error) { continue }
            # An implementation may ask for fewer runs (the idiomatic scripts at 1M rows run once).
            if ($impl.PSObject.Properties['n'] -and $impl.n -and $rep -gt $impl.n) { continue }
            try {
                $run = Invoke-Once -Impl $impl -Splat (ConvertTo-Splat $impl.params) -OutDir (Join-Path $plan.workRoot "$tag-$($scenario.size)-$($impl.impl)")
                $record.ms.Add($run.ms)
                $record.cpuMs.Add($run.cpuMs)
                Write-Host ("  {0,-9} run {1}: {2:N0} ms (CPU {3:N0} ms)" -f $impl.impl, $rep, $run.ms, $run.cpuMs)
            }
            catch {
                $record.error = "$($_.Exception.Message) ($($_.InvocationInfo.PositionMessage))"
                Write-Host "  $($impl.impl) failed: $($_.Exception.Message)"
            }
        }
    }
    foreach ($impl in $scenario.impls) {
        $results.Add($records[$impl.impl])
        $out = Join-Path $plan.workRoot "$tag-$($scenario.size)-$($impl.impl)"
        if (Test-Path -LiteralPath $out) { Remove-Item -LiteralPath $out -Recurse -Force }
    }
    # Written after each scenario, so a crash later keeps what was measured.
    ConvertTo-Json -InputObject @($results) -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
}
ConvertTo-Json -InputObject @($results) -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
