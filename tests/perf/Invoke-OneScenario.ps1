<#
.SYNOPSIS
Runs one bench scenario once in this (fresh) process and prints one JSON line: the scenario's own
wall time, and the process's peak working set at the end. Started by tools/Bench.psm1, which also
times the whole process from outside.

.DESCRIPTION
The peak should be the scenario's, not this runner's, so the runner stays lean: the bench helpers
(HTTP client, Azurite signing) are imported only for scenarios that talk to the stack, and the
parameters come as tab-separated lines (name, value; a repeated name makes an array) rather than
JSON, whose parser alone costs a fresh pwsh several MiB.
#>
param(
    [Parameter(Mandatory)][string] $Script,
    [Parameter(Mandatory)][string] $ParamsFile,
    [Parameter(Mandatory)][string] $OutDir,
    # Import the built module (and connect to the stack) first: the module's side of a scenario.
    [string] $Manifest,
    [string] $StackFile,
    # The scenario calls the bench helpers (raw or Core transfers).
    [switch] $Helpers,
    # Leave gen0 at the runtime's budget (BlobBatch.Core's YoungGenerationPacer off), to show what the pacer buys.
    [switch] $RuntimeYoungGeneration
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# The working set before anything of the bench or the module loads: a fresh pwsh starts in one of two
# states about 9 MiB apart (the host's native heap), which shows in every peak after it.
$startMiB = [Math]::Round([Diagnostics.Process]::GetCurrentProcess().WorkingSet64 / 1MB, 1)
if ($Manifest) { Import-Module $Manifest }
if ($RuntimeYoungGeneration) {
    # The module loads Core into its own load context, so the type is found through the loaded assemblies.
    $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'BlobBatch.Core' } | Select-Object -First 1
    $core.GetType('BlobBatch.Core.IO.YoungGenerationPacer', $true).GetProperty('Enabled', [Reflection.BindingFlags]'NonPublic, Static').SetValue($null, $false)
}
if ($Helpers -or $StackFile) { Import-Module (Join-Path $PSScriptRoot 'PerfHelpers.psm1') }
if ($Manifest -and $StackFile) { $null = Connect-BenchStack -StackFile $StackFile }

$splat = @{}
foreach ($line in Get-Content -LiteralPath $ParamsFile) {
    $name, $value = $line -split "`t", 2
    $splat[$name] = if ($splat.ContainsKey($name)) { @($splat[$name]) + $value } else { $value }
}
if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
$null = New-Item -ItemType Directory -Force -Path $OutDir
$splat['OutDir'] = $OutDir

$clock = [Diagnostics.Stopwatch]::StartNew()
$null = & $Script @splat
$clock.Stop()
$process = [Diagnostics.Process]::GetCurrentProcess()
$report = [ordered]@{
    ms      = [Math]::Round($clock.Elapsed.TotalMilliseconds, 1)
    peakMiB = [Math]::Round($process.PeakWorkingSet64 / 1MB, 1)
    cpuMs   = [Math]::Round($process.TotalProcessorTime.TotalMilliseconds, 0)
    startMiB = $startMiB
}
Remove-Item -LiteralPath $OutDir -Recurse -Force -ErrorAction SilentlyContinue
'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress)
