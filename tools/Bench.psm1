# build.ps1 bench: the module beside an idiomatic PowerShell script and a raw .NET floor, on data the
# bench generates (out/bench/data; nothing large is committed). Times are medians; "in session" runs
# one warm pwsh with the module imported, the implementations alternating; "process" runs each
# scenario once in a fresh pwsh, which also gives its peak working set. Loopback only: every service
# is the bench's own Azurite and emulator, stopped by process id when the bench ends or fails.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:Deployment = 'gpt-4o-batch'
$script:SystemPrompt = 'Classify the ticket as Hardware, Software or Access. Answer with one word.'
$script:UserTemplate = 'Ticket {Title}: {Body} (priority {Priority})'

function Get-Median {
    param([double[]] $Values)
    if (-not $Values -or $Values.Count -eq 0) { return $null }
    $sorted = [double[]]($Values | Sort-Object)
    $middle = [Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Get-OwnMiB {
    <#
    The median of what fresh processes added to their working set after they started (peak minus the
    working set before the module loaded). A fresh pwsh starts in one of two states about 9 MiB apart
    (its native heap, before anything of ours runs), and the state shows in every peak after it; this
    takes it out, so a scenario and the floor compare alike whichever state each run drew.
    #>
    param([object[]] $Runs)
    $own = @($Runs | Where-Object { $_ -and $_.PSObject.Properties['startMiB'] -and $_.startMiB } | ForEach-Object { $_.peakMiB - $_.startMiB })
    if ($own.Count -eq 0) { return $null }
    [Math]::Round((Get-Median $own), 1)
}

function Invoke-BenchProcess {
    <#
    .SYNOPSIS
    Runs a child process with a deadline (killed by its id when late) and returns its wall time, exit code,
    output and the JSON after its BENCH-RESULT line (RawFloor prints bare JSON, which is taken too).
    #>
    param(
        [Parameter(Mandatory)][string] $FilePath,
        [string[]] $ArgumentList = @(),
        [Parameter(Mandatory)][string] $WorkingDirectory,
        [int] $TimeoutSeconds = 900,
        # Let the child write to this console instead of capturing its output.
        [switch] $Passthrough
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($arg in $ArgumentList) { $info.ArgumentList.Add($arg) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = -not $Passthrough
    $info.RedirectStandardError = -not $Passthrough
    $info.Environment['NO_COLOR'] = '1'
    $info.Environment['DOTNET_CLI_TELEMETRY_OPTOUT'] = '1'
    $info.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $info.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
    $process = [System.Diagnostics.Process]::new()
    $process.StartInfo = $info
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $null = $process.Start()
    try {
        $stdout = $stderr = $null
        if (-not $Passthrough) {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
        }
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            $null = $process.WaitForExit(10000)
            throw "$([IO.Path]::GetFileName($FilePath)) $($ArgumentList -join ' ') did not finish within $TimeoutSeconds s and was stopped."
        }
        $process.WaitForExit()
        $clock.Stop()
        $text = if ($stdout) { $stdout.GetAwaiter().GetResult() } else { '' }
        $errors = if ($stderr) { $stderr.GetAwaiter().GetResult() } else { '' }
        $result = $null
        foreach ($line in ($text -split "`r?`n")) {
            if ($line.StartsWith('BENCH-RESULT ')) { $result = $line.Substring(13) | ConvertFrom-Json }
            elseif ($line.StartsWith('{"mode"')) { $result = $line | ConvertFrom-Json }
        }
        [pscustomobject]@{ WallMs = [Math]::Round($clock.Elapsed.TotalMilliseconds, 1); ExitCode = $process.ExitCode; Result = $result; Output = $text; Errors = $errors }
    }
    finally {
        if (-not $process.HasExited) { $process.Kill($true); $null = $process.WaitForExit(10000) }
        $process.Dispose()
    }
}

function Get-PwshCommand {
    # The running pwsh, started directly (dotnet pwsh.dll): no tool-manifest lookup in process times.
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path -LiteralPath $dll) { @('dotnet', $dll) } else { @((Join-Path $PSHOME 'pwsh')) }
}

function Invoke-BenchPwsh {
    param([Parameter(Mandatory)][string] $RepoRoot, [Parameter(Mandatory)][string] $File, [string[]] $ArgumentList = @(), [int] $TimeoutSeconds = 900, [switch] $Passthrough)
    $pwsh = Get-PwshCommand
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList
    Invoke-BenchProcess -FilePath $pwsh[0] -ArgumentList $arguments -WorkingDirectory $RepoRoot -TimeoutSeconds $TimeoutSeconds -Passthrough:$Passthrough
}

function Invoke-RawFloor {
    param([Parameter(Mandatory)][string] $RepoRoot, [Parameter(Mandatory)][string] $Dll, [Parameter(Mandatory)][string[]] $ArgumentList, [int] $TimeoutSeconds = 600)
    $run = Invoke-BenchProcess -FilePath 'dotnet' -ArgumentList (@($Dll) + $ArgumentList) -WorkingDirectory $RepoRoot -TimeoutSeconds $TimeoutSeconds
    if ($run.ExitCode -ne 0 -or -not $run.Result) { throw "RawFloor $($ArgumentList[0]) failed ($($run.ExitCode)): $($run.Errors)" }
    $run
}

function Format-Ms {
    param($Ms)
    if ($null -eq $Ms) { return '–' }
    if ($Ms -ge 10000) { return ('{0:N1} s' -f ($Ms / 1000)) }
    if ($Ms -ge 1000) { return ('{0:N2} s' -f ($Ms / 1000)) }
    '{0:N0} ms' -f $Ms
}

function Format-Size {
    param([long] $Count)
    if ($Count -ge 1000000 -and $Count % 1000000 -eq 0) { return "$($Count / 1000000)M" }
    if ($Count -ge 1000 -and $Count % 1000 -eq 0) { return "$($Count / 1000)k" }
    "$Count"
}

function Write-ScenarioParams {
    <# A scenario's parameters for Invoke-OneScenario.ps1: one "name<TAB>value" line each, a repeated name for each item of an array. #>
    param([System.Collections.IDictionary] $Params, [string] $Path)
    $lines = foreach ($name in $Params.Keys) {
        foreach ($value in @($Params[$name])) {
            if ("$value" -match "[`t`r`n]") { throw "Bench parameter $name holds a tab or line break, which the parameter file cannot carry." }
            "$name`t$value"
        }
    }
    Set-Content -LiteralPath $Path -Value @($lines) -Encoding utf8NoBOM
}

function Get-RowsKey {
    <# The data table's key for one data set's CSV of one size (the easy set keeps its old file name). #>
    param([string] $Data, [int] $Size)
    if ($Data -eq 'easy') { "rows-$Size" } else { "rows-$Data-$Size" }
}

function Get-JoinKey {
    <# The same for the join's data (join-100000, join-realistic-100000). #>
    param([string] $Data, [int] $Size)
    (Get-RowsKey -Data $Data -Size $Size) -replace '^rows-', 'join-'
}

function New-BenchData {
    <# Generates the CSVs and JSONL files the scenarios read; kept in out/bench/data between runs (same content every time). #>
    param([string] $RepoRoot, [string] $RawDll, [string] $DataDir, [int[]] $RowSizes, [int] $BigMB, [string[]] $Data = @('easy'), [int] $RealisticMax = [int]::MaxValue)
    $null = New-Item -ItemType Directory -Force -Path $DataDir
    $made = @{}
    foreach ($set in $Data) {
        foreach ($size in $RowSizes | Where-Object { $set -eq 'easy' -or $_ -le $RealisticMax }) {
            $key = Get-RowsKey -Data $set -Size $size
            $csv = Join-Path $DataDir "$key.csv"
            if (-not (Test-Path -LiteralPath $csv)) {
                Write-Host "bench: generating $csv"
                # easy: short one-line English tickets; realistic: RawFloor/RealisticTickets.cs.
                $mode = if ($set -eq 'easy') { 'gen-csv' } else { 'gen-realistic-csv' }
                $null = Invoke-RawFloor -RepoRoot $RepoRoot -Dll $RawDll -ArgumentList @($mode, $csv, "$size")
            }
            $made[$key] = $csv
        }
    }
    foreach ($entry in @(@{ Key = 'big'; MB = $BigMB }, @{ Key = 'small'; MB = 1 })) {
        $path = Join-Path $DataDir "requests-$($entry.MB)MB.jsonl"
        if (-not (Test-Path -LiteralPath $path)) {
            Write-Host "bench: generating $path"
            # MB as the service counts them (10^6 bytes); a little under, so it is one part.
            $null = Invoke-RawFloor -RepoRoot $RepoRoot -Dll $RawDll -ArgumentList @('gen-jsonl', $path, "$([long]($entry.MB * 1000000 * 0.97))", $script:Deployment)
        }
        $made[$entry.Key] = $path
    }
    $made
}

function Test-SameWork {
    <#
    .SYNOPSIS
    Whether the raw floor did -CsvPath's job: its request lines and side map the same bytes as ours, its
    token total ours. Returns a short text ("yes: …" or "NO: …").
    #>
    param([string] $RepoRoot, [string] $Manifest, [string] $CsvPath, [string] $RawLines, $RawTokens, [string] $WorkRoot)
    $run = Invoke-BenchPwsh -RepoRoot $RepoRoot -File (Join-Path $RepoRoot 'tests/perf/SameWork.ps1') -TimeoutSeconds 900 -ArgumentList @(
        '-Manifest', $Manifest, '-CsvPath', $CsvPath, '-OutDir', (Join-Path $WorkRoot 'same-work'), '-Deployment', $script:Deployment,
        '-SystemPrompt', $script:SystemPrompt, '-UserTemplate', $script:UserTemplate)
    if ($run.ExitCode -ne 0 -or -not $run.Result) { return "NO: ours failed ($($run.Errors))" }
    $lines = (Get-FileHash -LiteralPath $RawLines -Algorithm SHA256).Hash -eq $run.Result.linesSha256
    $map = (Get-FileHash -LiteralPath ([IO.Path]::ChangeExtension($RawLines, '.rows.jsonl')) -Algorithm SHA256).Hash -eq $run.Result.mapSha256
    $tokens = "$RawTokens" -eq "$($run.Result.tokens)"
    $verdict = if ($lines -and $map -and $tokens) { 'yes' } else { 'NO' }
    "${verdict}: lines $(if ($lines) { 'same' } else { 'differ' }), side map $(if ($map) { 'same' } else { 'differs' }), tokens $($run.Result.tokens) ours, $RawTokens floor ($($run.Result.requests) requests)"
}

function Invoke-Bench {
    <#
    .SYNOPSIS
    Runs the benchmark and writes out/bench/results.json and results.md; prints the table.
    .PARAMETER Quick
    Small sizes only, N = 1: a smoke test in about two minutes.
    .PARAMETER Scenario
    Only these groups: rows, join, validate, transfer, e2e, wait, fanout (tools/BenchFanout.psm1).
    .PARAMETER DataSet
    (-Data) The data sets of the rows and join scenarios: easy (short one-line English tickets, issue 5's bar)
    and realistic (tickets and e-mails of 300-2,000 characters in thirteen languages and scripts,
    answers of realistic length; tests/perf/RawFloor/RealisticTickets.cs). Both by default.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string] $RepoRoot,
        [switch] $Quick,
        # In-session repetitions per implementation (medians of these).
        [ValidateRange(1, 50)][int] $N = 5,
        # Repetitions for the 1M-row and 200 MB scenarios.
        [ValidateRange(1, 50)][int] $LargeN = 2,
        # Fresh-process runs per implementation and scenario (whole-process time and peak memory; the
        # medians are reported, as in the issue's bar, with the largest peak beside). The 1M-row and
        # large-file scenarios run once: each takes a minute or more.
        [ValidateRange(0, 10)][int] $ProcessRuns = 3,
        [ValidateSet('rows', 'join', 'validate', 'transfer', 'e2e', 'wait', 'fanout')][string[]] $Scenario = @('rows', 'join', 'validate', 'transfer', 'e2e', 'wait', 'fanout'),
        [int[]] $Sizes,
        # -Data as well ($data is the bench's table of generated files).
        [Alias('Data')][ValidateSet('easy', 'realistic')][string[]] $DataSet = @('easy', 'realistic'),
        # The realistic set runs only at sizes up to this: 1M realistic rows is a 1.4 GB CSV.
        [int] $RealisticMax = 100000,
        [int] $BigMB,
        [int] $EndToEndRequests,
        [int] $WaitBatches,
        # Also run the idiomatic join at 1M results (it holds every result in a hashtable: GBs, minutes).
        # The idiomatic rows script runs at 1M always (about 70 s, 600 MiB), once.
        [switch] $LargeBaseline,
        # Keep the warm session's times from the last run (out/bench/in-session.json) and redo only the rest.
        [switch] $ReuseSession,
        # The fan-out scenario's 1M-request run over 3 targets as well.
        [switch] $Large
    )
    if ($Quick) {
        $N = 1; $LargeN = 1
        if (-not $Sizes) { $Sizes = @(10000) }
        if (-not $BigMB) { $BigMB = 10 }
        if (-not $EndToEndRequests) { $EndToEndRequests = 2000 }
        if (-not $WaitBatches) { $WaitBatches = 10 }
    }
    if ('fanout' -in $Scenario) {
        # Its own stacks, runs and report (tools/BenchFanout.psm1: out/bench/fanout.json and fanout.md).
        Import-Module (Join-Path $PSScriptRoot 'BenchFanout.psm1') -Force
        $null = Invoke-FanoutBench -RepoRoot $RepoRoot -Quick:$Quick -Large:$Large
        $others = @($Scenario | Where-Object { $_ -ne 'fanout' })
        if ($others.Count -eq 0) { return }
        $Scenario = $others
    }
    if (-not $Sizes) { $Sizes = @(10000, 100000, 1000000) }
    if (-not $BigMB) { $BigMB = 200 }
    if (-not $EndToEndRequests) { $EndToEndRequests = 100000 }
    if (-not $WaitBatches) { $WaitBatches = 50 }
    $waitPoll = if ($Quick) { 2 } else { 5 }
    # Each batch stays validating through the settle, floor and idle phases of WaitMany.ps1.
    $waitWarm = if ($Quick) { 15 } else { 60 }
    $waitSettle = if ($Quick) { 3 } else { 10 }
    $waitIdle = if ($Quick) { 12 } else { 45 }
    $waitValidating = if ($Quick) { 60 } else { 190 }

    $benchDir = Join-Path $RepoRoot 'out/bench'
    $dataDir = Join-Path $benchDir 'data'
    $workRoot = Join-Path $benchDir 'work'
    $perf = Join-Path $RepoRoot 'tests/perf'
    $stackFile = Join-Path $RepoRoot 'out/stack-bench.json'
    $waitStackFile = Join-Path $benchDir 'stack-wait.json'
    $null = New-Item -ItemType Directory -Force -Path $benchDir, $dataDir, $workRoot
    $started = Get-Date

    if (-not (Get-Command Invoke-ModuleBuild -ErrorAction SilentlyContinue)) {
        Import-Module (Join-Path $RepoRoot 'tools/BuildTasks.psm1')
        Initialize-BuildTasks -RepoRoot $RepoRoot
    }
    if (-not (Get-Command Start-BlobBatchStack -ErrorAction SilentlyContinue)) { Import-Module (Join-Path $RepoRoot 'tools/Stack.psm1') }
    Import-Module (Join-Path $perf 'PerfHelpers.psm1') -Force
    Invoke-Bootstrap
    $manifest = Invoke-ModuleBuild
    $emulatorDll = Invoke-EmulatorPublish
    Write-Host 'bench: building the raw floor (tests/perf/RawFloor)'
    $rawDir = Join-Path $benchDir 'rawfloor'
    $build = Invoke-BenchProcess -FilePath 'dotnet' -WorkingDirectory $RepoRoot -TimeoutSeconds 600 -ArgumentList @(
        'build', (Join-Path $perf 'RawFloor/RawFloor.csproj'), '-c', 'Release', '-o', $rawDir, '--nologo', '-v', 'q')
    if ($build.ExitCode -ne 0) { throw "Building RawFloor failed: $($build.Output)" }
    $rawDll = Join-Path $rawDir 'RawFloor.dll'

    $data = New-BenchData -RepoRoot $RepoRoot -RawDll $rawDll -DataDir $dataDir -RowSizes $Sizes -BigMB $BigMB -Data $DataSet -RealisticMax $RealisticMax
    # The data sets and sizes the rows and join scenarios run on.
    $rowSets = @(foreach ($set in $DataSet) { foreach ($size in $Sizes) { if ($set -eq 'easy' -or $size -le $RealisticMax) { [pscustomobject]@{ Data = $set; Size = $size } } } })
    $rows = [System.Collections.Generic.List[object]]::new()
    $extras = [ordered]@{}
    $waitEmulator = $null
    try {
        Write-Host 'bench: starting Azurite and the emulator (out/stack-bench.json)'
        $stack = Start-BlobBatchStack -RepoRoot $RepoRoot -StackFile $stackFile -EmulatorDll $emulatorDll

        # ---- the plan for the warm session ----
        $scenarios = [System.Collections.Generic.List[object]]::new()
        $smallest = ($Sizes | Measure-Object -Minimum).Minimum
        $rowsParams = { param($set, $size) @{ CsvPath = $data[(Get-RowsKey -Data $set -Size $size)]; Deployment = $script:Deployment; SystemPrompt = $script:SystemPrompt; UserTemplate = $script:UserTemplate } }
        if ('rows' -in $Scenario) {
            foreach ($rowSet in $rowSets) {
                $size = $rowSet.Size
                $p = & $rowsParams $rowSet.Data $size
                $w = & $rowsParams $rowSet.Data $smallest
                # The raw floor alternates in the session too (scenarios/raw/Rows.ps1), so ours ÷ floor is measured under the same load.
                $raw = $p + @{ RawFloor = $rawDll; WarmupCsvPath = $w.CsvPath }
                $scenarios.Add([ordered]@{ group = 'rows'; name = 'rows'; data = $rowSet.Data; size = $size; n = $(if ($size -ge 1000000) { $LargeN } else { $N }); impls = @(@(
                            [ordered]@{ impl = 'pipeline'; script = Join-Path $perf 'scenarios/ours/Rows.Pipeline.ps1'; params = $p; warmup = $w }
                            [ordered]@{ impl = 'csvpath'; script = Join-Path $perf 'scenarios/ours/Rows.CsvPath.ps1'; params = $p; warmup = $w }
                            [ordered]@{ impl = 'raw'; script = Join-Path $perf 'scenarios/raw/Rows.ps1'; params = $raw; warmup = $w + @{ RawFloor = $rawDll; WarmupCsvPath = $w.CsvPath } }
                            [ordered]@{ impl = 'baseline'; script = Join-Path $perf 'scenarios/baseline/Rows.ps1'; params = $p; warmup = $w; n = $(if ($size -ge 1000000) { 1 } else { $N }) })) })
            }
        }
        if ('join' -in $Scenario) {
            foreach ($rowSet in $rowSets) {
                $size = $rowSet.Size
                $joinKey = Get-JoinKey -Data $rowSet.Data -Size $size
                Write-Host "bench: preparing join data for $(Format-Size $size) results ($($rowSet.Data))"
                $spec = Join-Path $dataDir "$joinKey.spec.json"
                $prep = Invoke-BenchPwsh -RepoRoot $RepoRoot -File (Join-Path $perf 'New-JoinData.ps1') -TimeoutSeconds 1200 -ArgumentList @(
                    '-Manifest', $manifest, '-StackFile', $stackFile, '-CsvPath', $data[(Get-RowsKey -Data $rowSet.Data -Size $size)], '-DataDir', (Join-Path $dataDir $joinKey),
                    '-RawFloor', $rawDll, '-SpecPath', $spec, '-Answers', $rowSet.Data)
                if ($prep.ExitCode -ne 0) { throw "Preparing the join data failed: $($prep.Output) $($prep.Errors)" }
                $resultsPaths = @((Get-Content -Raw -LiteralPath $spec | ConvertFrom-Json).parts | ForEach-Object resultsPath)
                $data[$joinKey] = @{ Spec = $spec; Results = $resultsPaths }
            }
            foreach ($rowSet in $rowSets) {
                $size = $rowSet.Size
                $w = $data[(Get-JoinKey -Data $rowSet.Data -Size $smallest)]
                $d = $data[(Get-JoinKey -Data $rowSet.Data -Size $size)]
                $scenarios.Add([ordered]@{ group = 'join'; name = 'join'; data = $rowSet.Data; size = $size; n = $(if ($size -ge 1000000) { $LargeN } else { $N }); impls = @(@(
                            [ordered]@{ impl = 'ours'; script = Join-Path $perf 'scenarios/ours/Join.CsvPath.ps1'; params = @{ JobSpec = $d.Spec }; warmup = @{ JobSpec = $w.Spec } }
                            [ordered]@{ impl = 'baseline'; script = Join-Path $perf 'scenarios/baseline/Join.ps1'; params = @{ ResultsPath = $d.Results; CsvPath = $data[(Get-RowsKey -Data $rowSet.Data -Size $size)] }; warmup = @{ ResultsPath = $w.Results; CsvPath = $data[(Get-RowsKey -Data $rowSet.Data -Size $smallest)] }; n = $(if ($size -ge 1000000) { 1 } else { $N }) }) | Where-Object { $LargeBaseline -or $size -lt 1000000 -or $_.impl -ne 'baseline' }) })
            }
        }
        if ('validate' -in $Scenario) {
            $scenarios.Add([ordered]@{ group = 'validate'; name = 'validate'; size = $BigMB; n = $LargeN; impls = @(
                        [ordered]@{ impl = 'ours'; script = Join-Path $perf 'scenarios/ours/Validate.ps1'; params = @{ JsonlPath = $data.big; Deployment = $script:Deployment }; warmup = @{ JsonlPath = $data.small; Deployment = $script:Deployment } }
                        [ordered]@{ impl = 'baseline'; script = Join-Path $perf 'scenarios/baseline/Validate.ps1'; params = @{ JsonlPath = $data.big; Deployment = $script:Deployment }; warmup = @{ JsonlPath = $data.small; Deployment = $script:Deployment } }) })
        }
        if ('transfer' -in $Scenario) {
            $downloadName = 'bench-download/requests.jsonl'
            $smallName = 'bench-download/small.jsonl'
            Send-RawBlob -BlobEndpoint $stack.blobEndpoint -Container $stack.outputContainer -Name $downloadName -Path $data.big
            Send-RawBlob -BlobEndpoint $stack.blobEndpoint -Container $stack.outputContainer -Name $smallName -Path $data.small
            $in = @{ BlobEndpoint = $stack.blobEndpoint; Container = $stack.inputContainer }
            $out = @{ BlobEndpoint = $stack.blobEndpoint; Container = $stack.outputContainer }
            $scenarios.Add([ordered]@{ group = 'transfer'; name = 'upload'; size = $BigMB; n = $LargeN; impls = @(
                        [ordered]@{ impl = 'ours'; script = Join-Path $perf 'scenarios/ours/Upload.ps1'; params = @{ Path = $data.big }; warmup = @{ Path = $data.small } }
                        [ordered]@{ impl = 'baseline'; script = Join-Path $perf 'scenarios/baseline/Upload.ps1'; params = $in + @{ Path = $data.big }; warmup = $in + @{ Path = $data.small } }) })
            $scenarios.Add([ordered]@{ group = 'transfer'; name = 'download'; size = $BigMB; n = $LargeN; impls = @(
                        [ordered]@{ impl = 'ours'; script = Join-Path $perf 'scenarios/ours/Download.ps1'; params = @{ BlobName = $downloadName }; warmup = @{ BlobName = $smallName } }
                        [ordered]@{ impl = 'baseline'; script = Join-Path $perf 'scenarios/baseline/Download.ps1'; params = $out + @{ BlobName = $downloadName }; warmup = $out + @{ BlobName = $smallName } }) })
        }

        # ---- the warm session ----
        $inSession = @()
        if ($scenarios.Count -gt 0) {
            $planPath = Join-Path $benchDir 'plan.json'
            $sessionResults = Join-Path $benchDir 'in-session.json'
            [ordered]@{ manifest = $manifest; stackFile = $stackFile; workRoot = $workRoot; scenarios = $scenarios } |
                ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $planPath -Encoding utf8NoBOM
            if ($ReuseSession -and (Test-Path -LiteralPath $sessionResults)) { Write-Host "bench: reusing the warm session's times in $sessionResults" }
            else {
                if (Test-Path -LiteralPath $sessionResults) { Remove-Item -LiteralPath $sessionResults -Force }
                Write-Host 'bench: the warm session (one pwsh, module imported, implementations alternating)'
                $session = Invoke-BenchPwsh -RepoRoot $RepoRoot -File (Join-Path $perf 'Invoke-InSession.ps1') -ArgumentList @('-PlanPath', $planPath, '-ResultPath', $sessionResults) -TimeoutSeconds 5400 -Passthrough
                if ($session.ExitCode -ne 0) { Write-Warning "The warm session ended with exit code $($session.ExitCode); what it measured is kept." }
            }
            if (Test-Path -LiteralPath $sessionResults) { $inSession = @(Get-Content -Raw -LiteralPath $sessionResults | ConvertFrom-Json) }
        }

        # ---- fresh processes: whole-process time and peak memory; the raw floor ----
        $floorParams = Join-Path $workRoot 'params-noop.tsv'
        Write-ScenarioParams -Params @{} -Path $floorParams
        # A fresh pwsh starts in one of two states about 9 MiB apart (its native heap, before the module
        # loads), so the floor, which costs a second a run, runs twice as often as a scenario: its median
        # then rarely lands in the state fewer scenario runs missed.
        $floorRuns = @(for ($r = 0; $r -lt [Math]::Max(1, 2 * $ProcessRuns + 1); $r++) {
                $run = Invoke-BenchPwsh -RepoRoot $RepoRoot -File (Join-Path $perf 'Invoke-OneScenario.ps1') -TimeoutSeconds 300 -ArgumentList @(
                    '-Script', (Join-Path $perf 'scenarios/Noop.ps1'), '-ParamsFile', $floorParams, '-OutDir', (Join-Path $workRoot 'process-noop'), '-Manifest', $manifest)
                if ($run.Result) { $run.Result }
            })
        $extras['floorPeakMiB'] = if ($floorRuns) { Get-Median @($floorRuns | ForEach-Object peakMiB) } else { $null }
        $extras['floorPeaksMiB'] = @($floorRuns | ForEach-Object peakMiB)
        $extras['floorStartsMiB'] = @($floorRuns | ForEach-Object { if ($_.PSObject.Properties['startMiB']) { $_.startMiB } })
        $extras['floorOwnMiB'] = Get-OwnMiB $floorRuns
        foreach ($s in $scenarios) {
            $set = if ($s.Contains('data')) { $s.data } else { $null }
            # The scenario's name with its data set, for file names and messages (rows-realistic).
            $tag = if ($set) { "$($s.name)-$set" } else { $s.name }
            $sameScenario = { param($r) $r.scenario -eq $s.name -and $r.size -eq $s.size -and (-not $set -or ($r.PSObject.Properties['data'] -and $r.data -eq $set)) }
            $baselineRecord = $inSession | Where-Object { (& $sameScenario $_) -and $_.impl -eq 'baseline' }
            $rawRecord = $inSession | Where-Object { (& $sameScenario $_) -and $_.impl -eq 'raw' }
            $rawSessionMedian = if ($rawRecord -and $rawRecord.ms) { Get-Median @($rawRecord.ms) } else { $null }
            # CPU times (in-session records from before there were any have none).
            $cpuOf = { param($r) if ($r -and $r.PSObject.Properties['cpuMs'] -and $r.cpuMs) { Get-Median @($r.cpuMs) } }
            $baselineCpu = & $cpuOf $baselineRecord
            $rawCpu = & $cpuOf $rawRecord
            $baselineMedian = if ($baselineRecord -and $baselineRecord.ms) { Get-Median @($baselineRecord.ms) } else { $null }
            $process = @{}
            # The floor runs in fresh processes below, as RawFloor itself; its in-session runs were for the ratio.
            # The join runs once more with BlobBatch.Core's gen0 pacer off (the save is its only user): what it buys.
            $variants = foreach ($impl in $s.impls | Where-Object { $_.impl -ne 'raw' }) {
                [pscustomobject]@{ Impl = $impl; Key = $impl.impl; RuntimeGen0 = $false }
                if ($impl.impl -ne 'baseline' -and $s.name -eq 'join') { [pscustomobject]@{ Impl = $impl; Key = "$($impl.impl)/runtime-gen0"; RuntimeGen0 = $true } }
            }
            foreach ($variant in $variants) {
                $impl = $variant.Impl
                $runs = [System.Collections.Generic.List[object]]::new()
                $runCount = if ($s.size -ge 1000000 -or $s.group -in 'validate', 'transfer') { [Math]::Min(1, $ProcessRuns) } else { $ProcessRuns }
                for ($r = 0; $r -lt $runCount; $r++) {
                    $paramsFile = Join-Path $workRoot "params-$tag-$($impl.impl).tsv"
                    Write-ScenarioParams -Params $impl.params -Path $paramsFile
                    $arguments = @('-Script', $impl.script, '-ParamsFile', $paramsFile, '-OutDir', (Join-Path $workRoot "process-$tag-$($impl.impl)"))
                    # Rows need no connection (the baseline has none either); the join downloads.
                    if ($impl.impl -ne 'baseline') { $arguments += @('-Manifest', $manifest) }
                    if ($impl.impl -ne 'baseline' -and $s.name -ne 'rows') { $arguments += @('-StackFile', $stackFile) }
                    if ($s.group -eq 'transfer') { $arguments += '-Helpers' }
                    if ($variant.RuntimeGen0) { $arguments += '-RuntimeYoungGeneration' }
                    Write-Host "bench: fresh process, $tag $(Format-Size $s.size) $($variant.Key)"
                    $run = Invoke-BenchPwsh -RepoRoot $RepoRoot -File (Join-Path $perf 'Invoke-OneScenario.ps1') -ArgumentList $arguments -TimeoutSeconds 1800
                    if ($run.ExitCode -ne 0 -or -not $run.Result) { Write-Warning "$tag $($variant.Key) failed in a fresh process: $($run.Errors)"; continue }
                    $runs.Add([pscustomobject]@{ wallMs = $run.WallMs; ms = $run.Result.ms; peakMiB = $run.Result.peakMiB; startMiB = $(if ($run.Result.PSObject.Properties['startMiB']) { $run.Result.startMiB }) })
                }
                $process[$variant.Key] = $runs
            }
            $raw = $null
            $rawArgs = switch ($s.name) {
                'rows' { , @('rows', $data[(Get-RowsKey -Data $set -Size $s.size)], (Join-Path $workRoot 'raw.jsonl'), $script:Deployment, $script:SystemPrompt, $script:UserTemplate, 'core') }
                'join' { , @('join', $data[(Get-JoinKey -Data $set -Size $s.size)].Results[0], $data[(Get-RowsKey -Data $set -Size $s.size)], (Join-Path $workRoot 'raw.csv'), 'Id') }
                'validate' { , @('validate', $data.big) }
                default { $null }
            }
            if ($rawArgs -and $s.name -eq 'join' -and $data[(Get-JoinKey -Data $set -Size $s.size)].Results.Count -gt 1) {
                # The floor joins one results file; a multi-part run's results are concatenated first (not timed).
                $all = Join-Path $workRoot "raw-results-$($s.size).jsonl"
                $target = [IO.File]::Create($all)
                try { foreach ($path in $data[(Get-JoinKey -Data $set -Size $s.size)].Results) { $source = [IO.File]::OpenRead($path); try { $source.CopyTo($target) } finally { $source.Dispose() } } }
                finally { $target.Dispose() }
                $rawArgs[1] = $all
            }
            $sameWork = $null
            if ($rawArgs) {
                $rawRuns = @(for ($r = 0; $r -lt $s.n; $r++) { Invoke-RawFloor -RepoRoot $RepoRoot -Dll $rawDll -ArgumentList $rawArgs })
                $raw = [pscustomobject]@{ wallMs = Get-Median @($rawRuns.WallMs); ms = Get-Median @($rawRuns | ForEach-Object { $_.Result.ms }); peakMiB = ($rawRuns | ForEach-Object { $_.Result.peakMiB } | Measure-Object -Maximum).Maximum }
                if ($s.name -eq 'rows' -and $s.size -eq $smallest) { $sameWork = Test-SameWork -RepoRoot $RepoRoot -Manifest $manifest -CsvPath $rawArgs[1] -RawLines $rawArgs[2] -RawTokens $rawRuns[-1].Result.tokens -WorkRoot $workRoot }
                Remove-Item -LiteralPath (Join-Path $workRoot 'raw.jsonl'), (Join-Path $workRoot 'raw.rows.jsonl'), (Join-Path $workRoot 'raw.csv') -ErrorAction SilentlyContinue
            }
            foreach ($impl in $s.impls | Where-Object { $_.impl -notin 'baseline', 'raw' }) {
                $record = $inSession | Where-Object { (& $sameScenario $_) -and $_.impl -eq $impl.impl }
                $oursMedian = if ($record -and $record.ms) { Get-Median @($record.ms) } else { $null }
                $oursCpu = & $cpuOf $record
                $label = switch ("$($s.name)/$($impl.impl)") {
                    'rows/pipeline' { 'rows → JSONL, Import-Csv | New-BatchInputFile' }
                    'rows/csvpath' { 'rows → JSONL, New-BatchInputFile -CsvPath' }
                    'join/ours' { 'results → joined CSV, Save-BatchResult -CsvPath' }
                    'validate/ours' { 'validate JSONL, New-BatchInputFile -LiteralPath' }
                    'upload/ours' { 'upload to Azurite, InputUploader' }
                    'download/ours' { 'download from Azurite, ResultDownloader' }
                }
                $unit = if ($s.group -in 'validate', 'transfer') { "$($s.size) MB" } else { Format-Size $s.size }
                $rows.Add([pscustomobject][ordered]@{
                        scenario             = $label
                        key                  = "$($s.name)/$($impl.impl)"
                        data                 = $set
                        size                 = $s.size
                        sizeLabel            = $unit
                        n                    = $s.n
                        oursMs               = $oursMedian
                        oursRunsMs           = $(if ($record) { @($record.ms) } else { @() })
                        baselineMs           = $baselineMedian
                        baselineRunsMs       = $(if ($baselineRecord) { @($baselineRecord.ms) } else { @() })
                        ratio                = $(if ($oursMedian -and $baselineMedian) { [Math]::Round($baselineMedian / $oursMedian, 2) } else { $null })
                        rawWallMs            = $(if ($raw) { $raw.wallMs } else { $null })
                        rawMs                = $(if ($raw) { $raw.ms } else { $null })
                        rawPeakMiB           = $(if ($raw) { $raw.peakMiB } else { $null })
                        # The floor's own work time in the same session (RawFloor, counter loaded), and ours ÷ it.
                        rawSessionMs         = $rawSessionMedian
                        rawSessionRunsMs     = $(if ($rawRecord) { @($rawRecord.ms) } else { @() })
                        overRaw              = $(if ($oursMedian -and $rawSessionMedian) { [Math]::Round($oursMedian / $rawSessionMedian, 2) } else { $null })
                        # Whether the floor's lines, side map and token total are ours (checked at the smallest size).
                        sameWork             = $sameWork
                        # The same in CPU time (every thread), which other processes' load does not stretch.
                        oursCpuMs            = $oursCpu
                        baselineCpuMs        = $baselineCpu
                        rawSessionCpuMs      = $rawCpu
                        cpuRatio             = $(if ($oursCpu -and $baselineCpu) { [Math]::Round($baselineCpu / $oursCpu, 2) } else { $null })
                        cpuOverRaw           = $(if ($oursCpu -and $rawCpu) { [Math]::Round($oursCpu / $rawCpu, 2) } else { $null })
                        oursProcessMs        = Get-Median @(@($process[$impl.impl]) | Where-Object { $_ } | ForEach-Object wallMs)
                        oursPeakMiB          = Get-Median @(@($process[$impl.impl]) | Where-Object { $_ } | ForEach-Object peakMiB)
                        oursPeakMaxMiB       = (@($process[$impl.impl]) | Where-Object { $_ } | ForEach-Object peakMiB | Measure-Object -Maximum).Maximum
                        oursPeaksMiB         = @(@($process[$impl.impl]) | Where-Object { $_ } | ForEach-Object peakMiB)
                        oursStartsMiB        = @(@($process[$impl.impl]) | Where-Object { $_ } | ForEach-Object startMiB)
                        oursOwnMiB           = Get-OwnMiB @($process[$impl.impl])
                        runtimeGen0OwnMiB    = Get-OwnMiB @($process["$($impl.impl)/runtime-gen0"])
                        # The same scenario with the gen0 pacer off (the join only).
                        runtimeGen0PeakMiB   = Get-Median @(@($process["$($impl.impl)/runtime-gen0"]) | Where-Object { $_ } | ForEach-Object peakMiB)
                        runtimeGen0PeaksMiB  = @(@($process["$($impl.impl)/runtime-gen0"]) | Where-Object { $_ } | ForEach-Object peakMiB)
                        baselineProcessMs    = Get-Median @(@($process['baseline']) | Where-Object { $_ } | ForEach-Object wallMs)
                        baselinePeakMiB      = Get-Median @(@($process['baseline']) | Where-Object { $_ } | ForEach-Object peakMiB)
                        baselinePeakMaxMiB   = (@($process['baseline']) | Where-Object { $_ } | ForEach-Object peakMiB | Measure-Object -Maximum).Maximum
                        oursError            = $(if ($record) { $record.error } else { 'not run' })
                        baselineError        = $(if ($baselineRecord) { $baselineRecord.error } elseif ($s.size -ge 1000000 -and $s.group -eq 'join') { 'skipped at 1M (-LargeBaseline runs it)' } else { 'not run' })
                    })
            }
        }

        # ---- end to end through the emulator ----
        if ('e2e' -in $Scenario) {
            $csv = Join-Path $dataDir "rows-$EndToEndRequests.csv"
            if (-not (Test-Path -LiteralPath $csv)) { $null = Invoke-RawFloor -RepoRoot $RepoRoot -Dll $rawDll -ArgumentList @('gen-csv', $csv, "$EndToEndRequests") }
            Write-Host "bench: $(Format-Size $EndToEndRequests) requests end to end through the emulator"
            $run = Invoke-BenchPwsh -RepoRoot $RepoRoot -File (Join-Path $perf 'EndToEnd.ps1') -TimeoutSeconds 2400 -ArgumentList @(
                '-Manifest', $manifest, '-StackFile', $stackFile, '-CsvPath', $csv, '-OutDir', (Join-Path $workRoot 'e2e'))
            $extras.endToEnd = if ($run.Result) { $run.Result | Add-Member -PassThru wallMs $run.WallMs } else { [pscustomobject]@{ error = "$($run.Errors)".Trim() } }
        }

        # ---- waiting on many batches, on a second emulator that holds each batch in validation ----
        if ('wait' -in $Scenario) {
            Write-Host "bench: waiting on $WaitBatches batches (each validating $waitValidating s, polled every $waitPoll s)"
            $waitEmulator = Start-Emulator -EmulatorDll $emulatorDll -StorageConnectionString $stack.storageConnectionString `
                -Pacing @{ ValidatingSeconds = $waitValidating; RequestLatencySeconds = 0; Concurrency = 8; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 }
            $waitStack = Get-Content -Raw -LiteralPath $stackFile | ConvertFrom-Json
            $waitStack.openaiEndpoint = $waitEmulator.Endpoint
            $waitStack.apiKey = $waitEmulator.ApiKey
            $waitStack.adminEndpoint = $waitEmulator.AdminEndpoint
            $waitStack | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $waitStackFile -Encoding utf8NoBOM
            $run = Invoke-BenchPwsh -RepoRoot $RepoRoot -File (Join-Path $perf 'WaitMany.ps1') -TimeoutSeconds 1200 -ArgumentList @(
                '-Manifest', $manifest, '-StackFile', $waitStackFile, '-OutDir', (Join-Path $workRoot 'wait'), '-Batches', "$WaitBatches", '-PollIntervalSeconds', "$waitPoll",
                '-WarmSeconds', "$waitWarm", '-SettleSeconds', "$waitSettle", '-IdleSeconds', "$waitIdle")
            $extras.wait = if ($run.Result) { $run.Result } else { [pscustomobject]@{ error = "$($run.Errors)".Trim() } }
        }
    }
    finally {
        if ($waitEmulator) {
            Stop-StackProcess -Id $waitEmulator.ProcessId
            Remove-Item -LiteralPath $waitEmulator.DataPath -Recurse -Force -ErrorAction SilentlyContinue
        }
        Remove-Item -LiteralPath $waitStackFile -Force -ErrorAction SilentlyContinue
        Stop-BlobBatchStack -StackFile $stackFile
        Remove-Item -LiteralPath $workRoot -Recurse -Force -ErrorAction SilentlyContinue
    }

    $report = [ordered]@{
        date        = (Get-Date).ToString('o')
        minutes     = [Math]::Round(((Get-Date) - $started).TotalMinutes, 1)
        machine     = [ordered]@{ cores = [Environment]::ProcessorCount; os = [Runtime.InteropServices.RuntimeInformation]::OSDescription; dotnet = [Environment]::Version.ToString(); pwsh = $PSVersionTable.PSVersion.ToString() }
        quick       = [bool]$Quick
        n           = $N
        largeN      = $LargeN
        processRuns = $ProcessRuns
        rows        = $rows
        endToEnd    = $extras['endToEnd']
        wait        = $extras['wait']
        floorPeakMiB = $extras['floorPeakMiB']
        floorPeaksMiB = $extras['floorPeaksMiB']
        floorStartsMiB = $extras['floorStartsMiB']
        floorOwnMiB = $extras['floorOwnMiB']
    }
    $markdown = Format-BenchMarkdown -Report $report
    $report | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath (Join-Path $benchDir 'results.json') -Encoding utf8NoBOM
    $markdown | Set-Content -LiteralPath (Join-Path $benchDir 'results.md') -Encoding utf8NoBOM
    Write-Host ''
    Write-Host $markdown
    Write-Host "bench: written $(Join-Path $benchDir 'results.json') and results.md ($($report.minutes) min)"
}

function Get-ReportValue {
    <# A report's field, whether the report is the fresh ordered table or read back from results.json (older ones lack newer fields). #>
    param($Report, [string] $Name)
    if ($Report -is [System.Collections.IDictionary]) { return $Report[$Name] }
    if ($Report.PSObject.Properties[$Name]) { $Report.$Name }
}

function Add-MemoryChecks {
    <#
    Issue 15's memory bar (it restates issue 5's): each fresh-process peak at most 40 MiB above the floor
    (a pwsh that imports the module and runs nothing) at 100k rows and results, and flat to 1M: at 1M
    also within 40 MiB of the floor, and within 10 MiB of the 100k figure. Judged on what each process
    added after it started (Get-OwnMiB), so the pwsh's own start state counts on neither side; the plain
    difference of the medians is shown beside it. With what the gen0 pacer buys.
    #>
    param($Report, [System.Collections.Generic.List[string]] $Lines, [scriptblock] $Find, [scriptblock] $Check)
    $floor = $Report.floorPeakMiB
    if (-not $floor) { return }
    $floorOwn = Get-ReportValue $Report 'floorOwnMiB'
    $Lines.Add('')
    $Lines.Add('### What issue 15 asks for (memory over the floor)')
    if ($floorOwn) { $Lines.Add("The floor added $floorOwn MiB to its pwsh (median; the module, the runner). Margin = what a scenario's pwsh added, minus that; plain = its median peak minus the floor's.") }
    $signed = { param($value) '{0:+0.0;-0.0}' -f $value }
    # The margin over the floor of one row: paired by start state when the runs recorded it, else plain.
    $margin = {
        param($row, [switch] $RuntimeGen0)
        $own = if ($RuntimeGen0) { $row.runtimeGen0OwnMiB } else { $row.oursOwnMiB }
        $peak = if ($RuntimeGen0) { $row.runtimeGen0PeakMiB } else { $row.oursPeakMiB }
        if ($floorOwn -and $own) { [Math]::Round($own - $floorOwn, 1) } elseif ($peak) { [Math]::Round($peak - $floor, 1) }
    }
    foreach ($set in 'easy', 'realistic') {
        foreach ($key in 'rows/pipeline', 'rows/csvpath', 'join/ours') {
            $at100k = & $Find $key 100000 $set
            if (-not $at100k -or -not $at100k.oursPeakMiB) { continue }
            $over = & $margin $at100k
            $paced = if ($at100k.PSObject.Properties['runtimeGen0PeakMiB'] -and $at100k.runtimeGen0PeakMiB) {
                $overRuntime = & $margin $at100k -RuntimeGen0
                "; gen0 at the runtime's budget: $(& $signed $overRuntime) (peaks $(@($at100k.runtimeGen0PeaksMiB) -join ', ')), so the pacer buys $('{0:N1}' -f ($overRuntime - $over)) MiB"
            }
            & $Check "$key, $set, 100k: at most 40 MiB over the floor: $(& $signed $over) MiB (peak $($at100k.oursPeakMiB), plain $(& $signed ($at100k.oursPeakMiB - $floor)); peaks $(@($at100k.oursPeaksMiB) -join ', ') from starts $(@($at100k.oursStartsMiB) -join ', '))$paced" ($over -le 40)
            $at1m = & $Find $key 1000000 $set
            if ($at1m -and $at1m.oursPeakMiB) {
                $over1m = & $margin $at1m
                $paced1m = if ($at1m.PSObject.Properties['runtimeGen0PeakMiB'] -and $at1m.runtimeGen0PeakMiB) { "; gen0 at the runtime's budget $(& $signed (& $margin $at1m -RuntimeGen0))" }
                & $Check "$key, $set, flat to 1M: $(& $signed $over1m) MiB over the floor (peak $($at1m.oursPeakMiB) from a start of $(@($at1m.oursStartsMiB) -join ', ')), $(& $signed ($over1m - $over)) from 100k$paced1m" (($over1m -le 40) -and (($over1m - $over) -le 10))
            }
        }
    }
}

function Format-BenchMarkdown {
    param([Parameter(Mandatory)] $Report)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("## build.ps1 bench — $($Report.date)")
    $lines.Add('')
    $lines.Add("$($Report.machine.cores) cores, $($Report.machine.os), .NET $($Report.machine.dotnet), pwsh $($Report.machine.pwsh). In session: one warm pwsh, module imported, implementations alternating, median of N=$($Report.n) ($($Report.largeN) for 1M rows and the large files). Process: a fresh pwsh per run ($($Report.processRuns) each below 1M rows and 200 MB, else 1), wall time from outside, medians; peak = that process's peak working set, median / largest. Ratio = baseline ÷ ours, in session. Raw floor = a compiled .NET 10 process (wall / own time, peak); for rows it does the same job as -CsvPath (same lines, side map and o200k counts, tests/perf/RawFloor/RowsFloor.cs) and also runs in the session, alternating with ours: floor (session) is its own work time there, ours ÷ floor the in-session quotient. Data: easy = short one-line English tickets; realistic = tickets and e-mails of 300-2,000 characters in thirteen languages and scripts.")
    $lines.Add('')
    if ($Report.floorPeakMiB) {
        $floorPeaks = Get-ReportValue $Report 'floorPeaksMiB'
        $floorRuns = if ($floorPeaks) { " of $(@($floorPeaks).Count) runs: $(@($floorPeaks) -join ', '); each pwsh's working set before the module loaded: $(@(Get-ReportValue $Report 'floorStartsMiB') -join ', ')" }
        $lines.Add("Floor under every fresh-process peak: a pwsh that imports the module and runs an empty scenario peaks at $($Report.floorPeakMiB) MiB (median$floorRuns).")
        $lines.Add('')
    }
    $lines.Add('| scenario | data | size | ours (session) | baseline (session) | ratio | floor (session) | ours ÷ floor | raw floor (wall / own) | ours (process) | baseline (process) | peak MiB ours | peak MiB baseline | peak MiB raw |')
    $lines.Add('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    foreach ($row in $Report.rows) {
        $ours = if ($row.oursError) { "failed: $($row.oursError -replace '\|', '/' -replace '\s+', ' ')" } else { Format-Ms $row.oursMs }
        $baseline = if ($row.baselineError -like 'skipped*') { 'skipped (-LargeBaseline)' } elseif ($row.baselineError) { "failed: $($row.baselineError -replace '\|', '/' -replace '\s+', ' ')" } else { Format-Ms $row.baselineMs }
        $ratio = if ($row.ratio) { '{0:N1}×' -f $row.ratio } else { '–' }
        $raw = if ($row.rawWallMs) { "$(Format-Ms $row.rawWallMs) / $(Format-Ms $row.rawMs)" } else { '–' }
        $peak = { param($v, $max) if (-not $v) { '–' } elseif ($max -and [Math]::Round($max) -ne [Math]::Round($v)) { '{0:N0} / {1:N0}' -f $v, $max } else { '{0:N0}' -f $v } }
        $floor = if ($row.PSObject.Properties['rawSessionMs'] -and $row.rawSessionMs) { Format-Ms $row.rawSessionMs } else { '–' }
        $overFloor = if ($row.PSObject.Properties['overRaw'] -and $row.overRaw) { '{0:N2}×' -f $row.overRaw } else { '–' }
        $set = if ($row.PSObject.Properties['data'] -and $row.data) { $row.data } else { '–' }
        $lines.Add("| $($row.scenario -replace '\|', '\|') | $set | $($row.sizeLabel) | $ours | $baseline | $ratio | $floor | $overFloor | $raw | $(Format-Ms $row.oursProcessMs) | $(Format-Ms $row.baselineProcessMs) | $(& $peak $row.oursPeakMiB $row.oursPeakMaxMiB) | $(& $peak $row.baselinePeakMiB $row.baselinePeakMaxMiB) | $(& $peak $row.rawPeakMiB) |")
    }
    $lines.Add('')
    if ($Report.endToEnd) {
        $e = $Report.endToEnd
        if ($e.PSObject.Properties['error']) { $lines.Add("End to end: failed: $($e.error)") }
        else {
            $lines.Add("End to end through the emulator (fresh process, -CsvPath → Start → Wait -PollIntervalSeconds 1 → Save -CsvPath): $($e.requests) requests in $($e.parts) part(s), $($e.succeeded) succeeded, $(Format-Ms $e.ms) (process $(Format-Ms $e.wallMs)); stages write $(Format-Ms $e.stagesMs.write), upload+start $(Format-Ms $e.stagesMs.start), wait $(Format-Ms $e.stagesMs.wait), save $(Format-Ms $e.stagesMs.save); peak $($e.peakMiB) MiB.")
        }
        $lines.Add('')
    }
    if ($Report.wait) {
        $w = $Report.wait
        if ($w.PSObject.Properties['error']) { $lines.Add("Waiting on many batches: failed: $($w.error)") }
        else {
            $lines.Add("Waiting on $($w.batches) batches ($($w.finished) completed) for $($w.waitSeconds) s at -PollIntervalSeconds $($w.pollIntervalSeconds): $($w.getRequests) GET (≈ $($w.getsPerBatchPerRound) per batch per interval), $($w.listRequests) list, $($w.otherRequests) other control calls; after a warm-up of $($w.warmSeconds) one-second rounds ($($w.warmCpuMs) ms CPU, the tiered JIT a fresh process pays once), a Wait-BlobBatch of $($w.idleSeconds) s while nothing changed cost $($w.idleCpuMs) ms CPU = $($w.idlePercentOfCore) % of one core, $($w.idleCpuMsPerRound) ms per round ($($w.idleCalls) control calls while idle) (the same pwsh sleeping: $($w.idleFloorPercent) %); over the whole wait $($w.cpuMs) ms = $($w.cpuPercentOfCore) %; peak $($w.peakMiB) MiB.")
        }
        $lines.Add('')
    }
    $lines.Add('### What issue 5 asks for')
    # Issue 5's bar is on the easy data set (rows without a data set are from before there were two).
    $find = { param($key, $size, $set = 'easy') $Report.rows | Where-Object { $_.key -eq $key -and $_.size -eq $size -and (-not $_.PSObject.Properties['data'] -or -not $_.data -or $_.data -eq $set) } | Select-Object -First 1 }
    $check = {
        param($text, $ok)
        $mark = if ($null -eq $ok) { 'not measured' } elseif ($ok) { 'yes' } else { 'NO' }
        $lines.Add("- $text — $mark")
    }
    $pipeline = & $find 'rows/pipeline' 100000
    $csvpath = & $find 'rows/csvpath' 100000
    $join = & $find 'join/ours' 100000
    & $check "100k rows, Import-Csv | New-BatchInputFile ≥ 3× the idiomatic script in session: $(if ($pipeline) { '{0:N1}×' -f $pipeline.ratio })" $(if ($pipeline -and $pipeline.ratio) { $pipeline.ratio -ge 3 })
    & $check "100k rows, -CsvPath ≥ 6× in session: $(if ($csvpath) { '{0:N1}×' -f $csvpath.ratio })" $(if ($csvpath -and $csvpath.ratio) { $csvpath.ratio -ge 6 })
    & $check "100k results → joined CSV ≥ 8× in session: $(if ($join) { '{0:N1}×' -f $join.ratio })" $(if ($join -and $join.ratio) { $join.ratio -ge 8 })
    if ($Report.wait -and -not $Report.wait.PSObject.Properties['error']) {
        & $check "waiting: at most one GET per batch per interval ($($Report.wait.getsPerBatchPerRound); list calls $($Report.wait.listRequests))" ($Report.wait.getsPerBatchPerRound -le 1.0)
        & $check "waiting: well under 1 % of a core while idle ($($Report.wait.idlePercentOfCore) %; whole wait $($Report.wait.cpuPercentOfCore) %)" ($Report.wait.idlePercentOfCore -lt 0.5)
    }
    Add-MemoryChecks -Report $Report -Lines $lines -Find $find -Check $check
    $realistic = & $find 'rows/csvpath' 100000 'realistic'
    if ($realistic) {
        $lines.Add('')
        $lines.Add('### What issue 16 asks for (realistic text)')
        $runs = { param($values) if ($values) { "runs $(@($values | ForEach-Object { Format-Ms $_ }) -join ', ')" } }
        $cpu = { param($row, $name) if ($row.PSObject.Properties[$name] -and $row.$name) { '; CPU time {0:N2}×' -f $row.$name } }
        # Ours and the floor run next to each other in each round, so the median of the rounds' quotients
        # is steadier than the quotient of the medians when the machine's load drifts.
        $paired = {
            param($row)
            $quotients = @(for ($i = 0; $i -lt [Math]::Min(@($row.oursRunsMs).Count, @($row.rawSessionRunsMs).Count); $i++) { @($row.oursRunsMs)[$i] / @($row.rawSessionRunsMs)[$i] })
            if ($quotients) { '; round by round {0:N2}× (from {1:N2}× to {2:N2}×)' -f (Get-Median $quotients), ($quotients | Measure-Object -Minimum).Minimum, ($quotients | Measure-Object -Maximum).Maximum }
        }
        & $check "100k realistic rows, -CsvPath within 1.3× of the raw floor doing the same work, in session: $(if ($realistic.overRaw) { '{0:N2}×' -f $realistic.overRaw }) (ours $(Format-Ms $realistic.oursMs), $(& $runs $realistic.oursRunsMs); floor $(Format-Ms $realistic.rawSessionMs), $(& $runs $realistic.rawSessionRunsMs)$(& $paired $realistic)$(& $cpu $realistic 'cpuOverRaw'))" $(if ($realistic.overRaw) { $realistic.overRaw -le 1.3 })
        foreach ($row in $Report.rows | Where-Object { $_.key -eq 'rows/csvpath' -and $_.PSObject.Properties['sameWork'] -and $_.sameWork }) {
            $lines.Add("- the floor does -CsvPath's job ($($row.data), $($row.sizeLabel)): $($row.sameWork)")
        }
        foreach ($set in 'easy', 'realistic') {
            foreach ($key in 'rows/pipeline', 'rows/csvpath', 'join/ours') {
                $row = & $find $key 100000 $set
                if ($row -and $row.ratio) { $lines.Add("- $key, $set, 100k: $('{0:N1}×' -f $row.ratio) the idiomatic script in session (ours $(Format-Ms $row.oursMs), $(& $runs $row.oursRunsMs); baseline $(Format-Ms $row.baselineMs), $(& $runs $row.baselineRunsMs)$(& $cpu $row 'cpuRatio'))") }
            }
        }
    }
    $lines -join "`n"
}

Export-ModuleMember -Function Invoke-Bench, Format-BenchMarkdown
