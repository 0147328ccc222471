<#
.SYNOPSIS
Runs the Pester suite against a built module in this fresh process and writes the counts as JSON.
#>
param(
    [Parameter(Mandatory)][string] $PesterPath,
    [Parameter(Mandatory)][string] $ModuleManifest,
    [Parameter(Mandatory)][string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -RequiredVersion 5.7.1
$env:BLOBBATCH_MODULE_MANIFEST = (Resolve-Path -LiteralPath $ModuleManifest).Path

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $config

$summary = [ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
}
$summary | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8NoBOM
if ($summary.Failed -gt 0) { exit 1 }
exit 0
