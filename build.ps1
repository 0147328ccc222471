#!/usr/bin/env pwsh
<#
.SYNOPSIS
The one entry point: bootstrap, build, test, demo, stack, package, clean.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('bootstrap', 'build', 'test', 'demo', 'stack', 'package', 'clean', 'bench')]
    [string] $Task = 'build',

    # With 'stack': stop the stack started earlier.
    [switch] $Stop,

    # With 'test': run only the xunit suite, the Pester suite, or the .NET 8 load test.
    [ValidateSet('all', 'xunit', 'pester', 'net8')]
    [string] $Suite = 'all',

    # With 'bench': small sizes only, one run each (a smoke test of the harness).
    [switch] $Quick,

    # With 'stack': how many emulator resources (each its own endpoint, key and deployments) over the one Azurite.
    [ValidateRange(1, 16)]
    [int] $Resources = 1,

    # With 'bench': only these scenario groups (rows, join, validate, transfer, e2e, wait, fanout).
    [string[]] $Scenario,

    # With 'bench': the fan-out scenario's 1M-request run over 3 targets as well.
    [switch] $Large
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
# PowerShell's own telemetry would contact a non-loopback address from every pwsh this script
# starts (tests, the demo, the bench); the first pwsh needs it set before it starts (.ci/run does).
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
Import-Module (Join-Path $RepoRoot 'tools/Stack.psm1') -Force
Import-Module (Join-Path $RepoRoot 'tools/BuildTasks.psm1') -Force

Initialize-BuildTasks -RepoRoot $RepoRoot

switch ($Task) {
    'bootstrap' { Invoke-Bootstrap }
    'build' { $null = Invoke-ModuleBuild }
    'test' { exit (Invoke-TestTask -Suite $Suite) }
    'demo' { Invoke-Demo }
    'stack' {
        $stackFile = Join-Path $OutDir 'stack.json'
        if ($Stop) { Stop-BlobBatchStack -StackFile $stackFile; 'Stack stopped.' }
        else { Invoke-Bootstrap; $null = Invoke-EmulatorPublish; Start-BlobBatchStack -RepoRoot $RepoRoot -StackFile $stackFile -Resources $Resources | Format-List; "Written $stackFile; stop with ./build.ps1 stack -Stop." }
    }
    'package' { Invoke-Package }
    'clean' { Invoke-Clean }
    'bench' {
        Import-Module (Join-Path $RepoRoot 'tools/Bench.psm1') -Force
        $benchArguments = @{ RepoRoot = $RepoRoot; Quick = $Quick; Large = $Large }
        if ($Scenario) { $benchArguments.Scenario = $Scenario }
        Invoke-Bench @benchArguments
    }
}
