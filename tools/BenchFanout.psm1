# build.ps1 bench -Scenario fanout (issue 16): the same run of 12 parts over 1, 2 and 3 emulator resources, and the
# Azure docs' one-batch-at-a-time loop as the baseline. Every resource has the same deployment, with an enqueued-token
# quota that holds two parts, a fixed token rate and a per-batch validation time, so a run's makespan follows from
# its tokens (docs/emulator.md, token-rate pacing). Each run is a fresh pwsh (tests/perf/fanout/Invoke-FanoutRun.ps1);
# makespan = first start to last batch completed, wall clock. Ideal = the run's tokens ÷ the targets' summed rate
# + one part's validation. Loopback only: the bench's own stack (out/bench/stack-fanout.json), stopped by process id.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:Deployment = 'fanout-batch'
# A target's quota holds two parts (not three), by the client's estimate and the emulator's alike.
$script:QuotaInParts = 2.4

function Get-FanoutSizes {
    <#
    Requests, parts, the seconds one part takes at the rate, and the validation time: the 1-target run ≈ 12 × PartSeconds
    + ValidatingSeconds. A run also pays about 2 s that no target count removes (polling at 1 s, finalizing, the first
    upload), which weighs more the shorter a part is: 3 s parts keep the 1-target run under 40 s with room for the
    3-target bar; the loop pays validation and polling per part, which the quota of two parts hides from the 1-target run.
    #>
    param([switch] $Quick, [switch] $Large)
    if ($Large) { return @{ Label = '1M'; Requests = 1000000; Parts = 12; PartSeconds = 90; ValidatingSeconds = 2; Targets = @(3) } }
    if ($Quick) { return @{ Label = 'quick'; Requests = 1200; Parts = 12; PartSeconds = 1; ValidatingSeconds = 0.5; Targets = @(1, 2, 3) } }
    @{ Label = 'default'; Requests = 6000; Parts = 12; PartSeconds = 3; ValidatingSeconds = 1; Targets = @(1, 2, 3) }
}

function Invoke-FanoutProcess {
    <# Runs Invoke-FanoutRun.ps1 in a fresh pwsh; returns its BENCH-RESULT, or an object with the error. #>
    param([Parameter(Mandatory)][string] $RepoRoot, [Parameter(Mandatory)][string[]] $ArgumentList)
    $script = Join-Path $RepoRoot 'tests/perf/fanout/Invoke-FanoutRun.ps1'
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $command = if (Test-Path -LiteralPath $pwshDll) { @('dotnet', $pwshDll) } else { @((Join-Path $PSHOME 'pwsh')) }
    $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script) + $ArgumentList
    $output = @(& $command[0] @arguments 2>&1 | ForEach-Object { "$_" })
    $line = $output | Where-Object { $_.StartsWith('BENCH-RESULT ') } | Select-Object -Last 1
    if ($LASTEXITCODE -eq 0 -and $line) { return $line.Substring(13) | ConvertFrom-Json }
    $failure = $output | Where-Object { $_.StartsWith('BENCH-ERROR ') } | Select-Object -Last 1
    [pscustomobject]@{ error = if ($failure) { $failure.Substring(12) } else { (($output | Select-Object -Last 6) -join ' ').Trim() } }
}

function Start-FanoutStack {
    <# Three resources over one Azurite, each with the fan-out deployment at the given quota and rate. #>
    param([string] $RepoRoot, [string] $StackFile, [string] $EmulatorDll, [long] $Quota, [double] $Rate, [double] $ValidatingSeconds, [int] $Resources)
    $resource = @{
        Deployments = @([ordered]@{ name = $script:Deployment; model = 'gpt-4o'; sku = 'GlobalBatch'; maxEnqueuedTokens = $Quota; tokensPerSecond = $Rate })
        Pacing      = @{ ValidatingSeconds = $ValidatingSeconds }
    }
    Start-BlobBatchStack -RepoRoot $RepoRoot -StackFile $StackFile -EmulatorDll $EmulatorDll -ResourceOptions @(1..$Resources | ForEach-Object { $resource })
}

function Invoke-FanoutSeries {
    <# One stack, then each run in turn: the loop baseline (when asked) and the fan-out over each target count. #>
    param([string] $RepoRoot, [string] $Manifest, [string] $EmulatorDll, [hashtable] $Sizes, [switch] $WithLoop)
    $bench = Join-Path $RepoRoot 'out/bench'
    $work = Join-Path $bench "fanout-$($Sizes.Label)"
    $common = @('-Manifest', $Manifest, '-Requests', "$($Sizes.Requests)", '-Parts', "$($Sizes.Parts)", '-Deployment', $script:Deployment)
    Write-Host "bench: fanout ($($Sizes.Label)): writing $($Sizes.Requests) requests in $($Sizes.Parts) parts"
    $plan = Invoke-FanoutProcess -RepoRoot $RepoRoot -ArgumentList ($common + @('-Mode', 'plan', '-OutDir', (Join-Path $work 'plan')))
    if ($plan.PSObject.Properties['error']) { throw "The fan-out bench could not write its parts: $($plan.error)" }
    $rate = [Math]::Round($plan.partTokens / $Sizes.PartSeconds)
    $quota = [long][Math]::Ceiling($plan.partTokens * $script:QuotaInParts)
    $series = [ordered]@{ label = $Sizes.Label; requests = $plan.requests; parts = $plan.parts; tokens = $plan.tokens; partTokens = $plan.partTokens
        tokensPerSecond = $rate; maxEnqueuedTokens = $quota; validatingSeconds = $Sizes.ValidatingSeconds; runs = @() }
    $stackFile = Join-Path $bench "stack-fanout-$($Sizes.Label).json"
    $resources = ($Sizes.Targets | Measure-Object -Maximum).Maximum
    Write-Host "bench: fanout ($($Sizes.Label)): $resources resources, each $rate tokens/s, quota $quota tokens (a part ≈ $($plan.partTokens)), validation $($Sizes.ValidatingSeconds) s"
    $null = Start-FanoutStack -RepoRoot $RepoRoot -StackFile $stackFile -EmulatorDll $EmulatorDll -Quota $quota -Rate $rate -ValidatingSeconds $Sizes.ValidatingSeconds -Resources $resources
    try {
        $plans = @(if ($WithLoop) { @{ Mode = 'loop'; Targets = 1 } }) + @($Sizes.Targets | ForEach-Object { @{ Mode = 'fanout'; Targets = $_ } })
        $series.runs = @(foreach ($run in $plans) {
                Write-Host "bench: fanout ($($Sizes.Label)): $($run.Mode) over $($run.Targets) target(s)"
                $result = Invoke-FanoutProcess -RepoRoot $RepoRoot -ArgumentList ($common + @('-Mode', $run.Mode, '-Targets', "$($run.Targets)",
                        '-StackFile', $stackFile, '-OutDir', (Join-Path $work "$($run.Mode)-$($run.Targets)")))
                $idealMs = 1000 * ($plan.tokens / ($run.Targets * $rate) + $Sizes.ValidatingSeconds)
                [pscustomobject][ordered]@{ mode = $run.Mode; targets = $run.Targets; idealMs = [Math]::Round($idealMs); result = $result }
            })
    }
    finally {
        Stop-BlobBatchStack -StackFile $stackFile
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }
    [pscustomobject]$series
}

function Get-FanoutRow {
    <# A run's figures: makespan, speed-up over the 1-target fan-out of the same series, makespan ÷ ideal. #>
    param($Series, $Run)
    $one = $Series.runs | Where-Object { $_.mode -eq 'fanout' -and $_.targets -eq 1 } | Select-Object -First 1
    $failed = $Run.result.PSObject.Properties['error'] -or $Run.result.statuses -ne 'completed' -or $Run.result.completedRequests -ne $Series.requests
    $ms = if ($failed) { $null } else { $Run.result.makespanMs }
    $oneMs = if ($one -and -not $one.result.PSObject.Properties['error']) { $one.result.makespanMs } else { $null }
    [pscustomobject][ordered]@{
        series     = $Series.label
        run        = if ($Run.mode -eq 'loop') { 'docs loop, one part at a time' } else { "Start-BlobBatch over $($Run.targets) target(s)" }
        mode       = $Run.mode
        targets    = $Run.targets
        requests   = $Series.requests
        # Batches each target ran, in the stack's order of resources: how the scheduler spread the parts.
        perTarget  = if ($Run.result.PSObject.Properties['batchesPerEndpoint']) { @($Run.result.batchesPerEndpoint.PSObject.Properties | ForEach-Object Value) -join '/' } else { $null }
        makespanMs = $ms
        speedUp    = if ($ms -and $oneMs) { [Math]::Round($oneMs / $ms, 2) } else { $null }
        idealMs    = if ($Run.mode -eq 'loop') { $null } else { $Run.idealMs }
        ofIdeal    = if ($ms -and $Run.mode -ne 'loop') { [Math]::Round($ms / $Run.idealMs, 2) } else { $null }
        error      = if ($Run.result.PSObject.Properties['error']) { $Run.result.error } elseif ($failed) { "statuses $($Run.result.statuses -join ','); $($Run.result.completedRequests) of $($Series.requests) requests completed" } else { $null }
    }
}

function Format-FanoutMarkdown {
    param([Parameter(Mandatory)] $Report)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('### Fan-out over several resources (issue 16)')
    $lines.Add('')
    foreach ($s in $Report.series) {
        $lines.Add("$($s.label): $($s.requests) requests in $($s.parts) parts, $($s.tokens) estimated tokens (a part ≈ $($s.partTokens)); every resource's deployment processes $($s.tokensPerSecond) tokens/s, holds $($s.maxEnqueuedTokens) enqueued tokens (two parts) and validates each batch $($s.validatingSeconds) s. Makespan = first start to last batch completed (wall clock, fresh pwsh, polling every 1 s); ideal = tokens ÷ summed rate + one validation.")
    }
    $lines.Add('')
    $lines.Add('| run | requests | batches per target | makespan | speed-up over 1 target | ideal | makespan ÷ ideal |')
    $lines.Add('|---|---|---|---|---|---|---|')
    foreach ($row in $Report.rows) {
        $makespan = if ($row.error) { "failed: $($row.error -replace '\|', '/' -replace '\s+', ' ')" } else { '{0:N1} s' -f ($row.makespanMs / 1000) }
        $speed = if ($row.speedUp) { '{0:N2}×' -f $row.speedUp } else { '–' }
        $ideal = if ($row.idealMs) { '{0:N1} s' -f ($row.idealMs / 1000) } else { '–' }
        $of = if ($row.ofIdeal) { '{0:N2}' -f $row.ofIdeal } else { '–' }
        $lines.Add("| $($row.run) | $($row.requests) | $(if ($row.perTarget) { $row.perTarget } else { '–' }) | $makespan | $speed | $ideal | $of |")
    }
    $lines.Add('')
    $lines.Add('What issue 16 asks for:')
    foreach ($check in $Report.checks) { $lines.Add("- $($check.text) — $($check.verdict)") }
    $lines -join "`n"
}

function Get-FanoutChecks {
    <# The closing note's bars, from the default series' rows. #>
    param([object[]] $Rows)
    $find = { param($mode, $targets) $Rows | Where-Object { $_.series -ne '1M' -and $_.mode -eq $mode -and $_.targets -eq $targets } | Select-Object -First 1 }
    $one = & $find 'fanout' 1; $two = & $find 'fanout' 2; $three = & $find 'fanout' 3; $loop = & $find 'loop' 1
    $loopRatio = if ($one -and $loop -and $one.makespanMs -and $loop.makespanMs) { [Math]::Round($loop.makespanMs / $one.makespanMs, 2) } else { $null }
    $check = {
        param([string] $text, $value, [string] $unit, [scriptblock] $ok)
        $shown = if ($null -eq $value) { '–' } else { "$value$unit" }
        $verdict = if ($null -eq $value) { 'not measured' } elseif (& $ok $value) { 'yes' } else { 'NO' }
        [pscustomobject]@{ text = "${text}: $shown"; verdict = $verdict }
    }
    @(
        & $check '2 targets ≥ 1.8× one target' $(if ($two) { $two.speedUp }) '×' { param($v) $v -ge 1.8 }
        & $check '3 targets ≥ 2.6× one target' $(if ($three) { $three.speedUp }) '×' { param($v) $v -ge 2.6 }
        & $check '3 targets within 1.2× of the ideal' $(if ($three) { $three.ofIdeal }) '' { param($v) $v -le 1.2 }
        & $check '1 target ≥ 1.5× faster than the one-at-a-time loop' $loopRatio '×' { param($v) $v -ge 1.5 }
    )
}

function Invoke-FanoutBench {
    <#
    .SYNOPSIS
    Runs the fan-out scenario; writes out/bench/fanout.json and fanout.md, prints the table and a summary, returns the report.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $RepoRoot, [switch] $Quick, [switch] $Large)
    if (-not (Get-Command Invoke-ModuleBuild -ErrorAction SilentlyContinue)) {
        Import-Module (Join-Path $RepoRoot 'tools/BuildTasks.psm1')
        Initialize-BuildTasks -RepoRoot $RepoRoot
    }
    if (-not (Get-Command Start-BlobBatchStack -ErrorAction SilentlyContinue)) { Import-Module (Join-Path $RepoRoot 'tools/Stack.psm1') }
    $started = Get-Date
    Invoke-Bootstrap
    $manifest = Invoke-ModuleBuild
    $emulatorDll = Invoke-EmulatorPublish
    $series = @(Invoke-FanoutSeries -RepoRoot $RepoRoot -Manifest $manifest -EmulatorDll $emulatorDll -Sizes (Get-FanoutSizes -Quick:$Quick) -WithLoop)
    if ($Large) { $series += Invoke-FanoutSeries -RepoRoot $RepoRoot -Manifest $manifest -EmulatorDll $emulatorDll -Sizes (Get-FanoutSizes -Large) }
    $rows = @(foreach ($s in $series) { foreach ($run in $s.runs) { Get-FanoutRow -Series $s -Run $run } })
    $report = [ordered]@{
        date    = (Get-Date).ToString('o')
        minutes = [Math]::Round(((Get-Date) - $started).TotalMinutes, 1)
        machine = [ordered]@{ cores = [Environment]::ProcessorCount; os = [Runtime.InteropServices.RuntimeInformation]::OSDescription }
        series  = $series
        rows    = $rows
        checks  = @(Get-FanoutChecks -Rows $rows)
    }
    $markdown = Format-FanoutMarkdown -Report $report
    $bench = Join-Path $RepoRoot 'out/bench'
    $null = New-Item -ItemType Directory -Force -Path $bench
    $report | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath (Join-Path $bench 'fanout.json') -Encoding utf8NoBOM
    $markdown | Set-Content -LiteralPath (Join-Path $bench 'fanout.md') -Encoding utf8NoBOM
    Write-Host ''
    Write-Host $markdown
    Write-Host ''
    Write-Host 'bench: fanout summary'
    foreach ($row in $rows) {
        $figure = if ($row.error) { "failed: $($row.error)" } else { "makespan $('{0:N1}' -f ($row.makespanMs / 1000)) s; speed-up over 1 target $(if ($row.speedUp) { "$($row.speedUp)×" } else { '–' }); makespan ÷ ideal $(if ($row.ofIdeal) { $row.ofIdeal } else { '–' })" }
        Write-Host "  $($row.series) $($row.run): $figure"
    }
    foreach ($check in $report.checks) { Write-Host "  $($check.text) — $($check.verdict)" }
    Write-Host "bench: written $(Join-Path $bench 'fanout.json') and fanout.md ($($report.minutes) min)"
    [pscustomobject]$report
}

Export-ModuleMember -Function Invoke-FanoutBench, Format-FanoutMarkdown
