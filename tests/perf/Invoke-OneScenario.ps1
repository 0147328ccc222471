<#
.SYNOPSIS
Runs one bench scenario once in this (fresh) process and prints one JSON line: the scenario's own
wall time, and the process's peak working set at the end. Started by tools/Bench.psm1, which also
times the whole process from outside.
#>
param(
    [Parameter(Mandatory)][string] $Script,
    [Parameter(Mandatory)][string] $ParamsJson,
    [Parameter(Mandatory)][string] $OutDir,
    # Import the built module (and connect to the stack) first: the module's side of a scenario.
    [string] $Manifest,
    [string] $StackFile
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

if ($Manifest) { Import-Module $Manifest }
Import-Module (Join-Path $PSScriptRoot 'PerfHelpers.psm1')
if ($Manifest -and $StackFile) { $null = Connect-BenchStack -StackFile $StackFile }

$splat = @{}
foreach ($property in (Get-Content -Raw -LiteralPath $ParamsJson | ConvertFrom-Json).PSObject.Properties) { $splat[$property.Name] = $property.Value }
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
}
Remove-Item -LiteralPath $OutDir -Recurse -Force -ErrorAction SilentlyContinue
'BENCH-RESULT ' + ($report | ConvertTo-Json -Compress)
