# The raw .NET floor (tests/perf/RawFloor, RowsFloor.cs) run from the warm session, so it alternates with
# ours and the idiomatic script under the same load. It is its own process: the time that counts is the
# one it reports for its work (its own clock, less loading its token counter and a warm-up run on
# -WarmupCsvPath, which a warm session has behind it too), returned as benchMs (and its CPU time so
# measured as benchCpuMs) for Invoke-InSession.ps1 to record instead of the wall time.
param([string] $CsvPath, [string] $OutDir, [string] $Deployment, [string] $SystemPrompt, [string] $UserTemplate, [string] $RawFloor, [string] $WarmupCsvPath, [string] $Counter = 'core')
$warmup = @(if ($WarmupCsvPath) { $WarmupCsvPath })
$output = & dotnet $RawFloor rows $CsvPath (Join-Path $OutDir 'input.jsonl') $Deployment $SystemPrompt $UserTemplate $Counter @warmup
if ($LASTEXITCODE -ne 0) { throw "RawFloor rows failed ($LASTEXITCODE): $output" }
$result = @($output)[-1] | ConvertFrom-Json
[pscustomobject]@{ benchMs = [Math]::Round($result.ms - $result.loadMs, 1); benchCpuMs = $result.cpuMs - $result.loadCpuMs; tokens = $result.tokens }
