# The tasks behind build.ps1. Each is idempotent and quick when nothing changed.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:RepoRoot = $null
$script:PesterVersion = '5.7.1'
$script:AzuriteVersion = '3.37.0'

function Initialize-BuildTasks {
    param([Parameter(Mandatory)][string] $RepoRoot)
    $script:RepoRoot = $RepoRoot
}

function Get-RepoPath { param([string] $Relative) Join-Path $script:RepoRoot $Relative }

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw -LiteralPath (Get-RepoPath 'Directory.Build.props'))
    $props.Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Get-BuiltModulePath { Join-Path (Get-RepoPath 'out/BlobBatch') (Get-ModuleVersion) }

function Invoke-Native {
    # Runs a program and fails the task when it fails; its output goes to the host, not the pipeline.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @(), [switch] $AllowFailure)
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0 -and -not $AllowFailure) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
    $LASTEXITCODE
}

function Invoke-Bootstrap {
    $pester = Join-Path (Get-NuGetPackageRoot) "pester/$script:PesterVersion/tools/Pester.psd1"
    $azureCore = Join-Path (Get-NuGetPackageRoot) 'azure.core/1.44.1/lib'
    if (-not (Test-Path -LiteralPath $pester) -or -not (Test-Path -LiteralPath $azureCore)) {
        Write-Host "bootstrap: restoring Pester $script:PesterVersion and test packages from NuGet"
        $null = Invoke-Native dotnet @('restore', (Get-RepoPath 'tools/bootstrap/Bootstrap.csproj'), '--nologo', '-v', 'q')
    }

    $azuriteRoot = Get-RepoPath 'tools/azurite'
    $installed = Join-Path $azuriteRoot 'node_modules/azurite/package.json'
    $current = (Test-Path -LiteralPath $installed) -and
        ((Get-Content -Raw -LiteralPath $installed | ConvertFrom-Json).version -eq $script:AzuriteVersion)
    if (-not $current) {
        Write-Host "bootstrap: installing Azurite $script:AzuriteVersion from npm (about a minute the first time)"
        $null = Invoke-Native npm @('ci', '--prefix', $azuriteRoot, '--no-audit', '--no-fund', '--loglevel', 'error')
    }
}

function Get-FilesFingerprint {
    <# The count and newest write time of the files under some repo folders (bin and obj left out) and of some repo files. #>
    param([string[]] $Folders, [string[]] $Files = @())
    $items = @(Get-ChildItem -LiteralPath ($Folders | ForEach-Object { Get-RepoPath $_ }) -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $items += $Files | ForEach-Object { Get-Item (Get-RepoPath $_) }
    $newest = ($items | Measure-Object -Property LastWriteTimeUtc -Maximum).Maximum
    "$($items.Count)|$($newest.Ticks)"
}

function Test-UpToDate {
    <# Whether the output exists and was made from sources with this fingerprint. #>
    param([string] $Output, [string] $StampFile, [string] $Fingerprint)
    (Test-Path -LiteralPath $Output) -and (Test-Path -LiteralPath $StampFile) -and
        (Get-Content -Raw -LiteralPath $StampFile).Trim() -eq $Fingerprint
}

function Get-SourceFingerprint {
    Get-FilesFingerprint -Folders 'src', 'module', 'docs' `
        -Files 'BlobBatch.psd1', 'Directory.Build.props', 'Directory.Packages.props', 'tools/HelpCompiler.psm1'
}

function Invoke-ModuleBuild {
    <# Lays out out/BlobBatch/<version>/ as an importable module; returns the manifest path. #>
    $version = Get-ModuleVersion
    $moduleDir = Get-BuiltModulePath
    $manifest = Join-Path $moduleDir 'BlobBatch.psd1'
    $stampFile = Join-Path (Get-RepoPath 'out') "build-stamp-$version.txt"
    $fingerprint = Get-SourceFingerprint
    if (Test-UpToDate -Output $manifest -StampFile $stampFile -Fingerprint $fingerprint) {
        Write-Host "build: BlobBatch $version is up to date"
        return $manifest
    }

    Write-Host "build: publishing BlobBatch $version"
    # The loader's publish is the whole payload, resolved for .NET 8 (see BlobBatch.Loader.csproj).
    $staging = Get-RepoPath 'out/obj/payload'
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
    $null = Invoke-Native dotnet @('publish', (Get-RepoPath 'src/BlobBatch.Loader/BlobBatch.Loader.csproj'), '-c', 'Release',
        '-o', $staging, '--nologo', '-v', 'q', '-p:GenerateDocumentationFile=false')

    if (Test-Path -LiteralPath $moduleDir) { Remove-Item -LiteralPath $moduleDir -Recurse -Force }
    $lib = New-Item -ItemType Directory -Force -Path (Join-Path $moduleDir 'bin/lib')
    $loader = Join-Path $staging 'BlobBatch.Loader.dll'
    Copy-Item -LiteralPath $loader -Destination (Join-Path $moduleDir 'bin')
    Get-ChildItem -LiteralPath $staging -Filter *.dll | Where-Object FullName -ne $loader | Copy-Item -Destination $lib
    Copy-Item -Path (Get-RepoPath 'module/*') -Destination $moduleDir -Recurse
    Import-Module (Get-RepoPath 'tools/HelpCompiler.psm1') -Force
    $null = ConvertTo-MamlHelp -SourcePath (Get-RepoPath 'docs/en-US') -DestinationPath (Join-Path $moduleDir 'en-US')

    $source = Get-Content -Raw -LiteralPath (Get-RepoPath 'BlobBatch.psd1')
    $stamped = $source -replace "ModuleVersion(\s*)=(\s*)'[^']*'", "ModuleVersion`$1=`$2'$version'"
    Set-Content -LiteralPath $manifest -Value $stamped -Encoding utf8NoBOM -NoNewline
    Set-Content -LiteralPath $stampFile -Value $fingerprint -Encoding utf8NoBOM
    $manifest
}

function Invoke-PublishIfChanged {
    <# Publishes a project to a folder of out/, skipped when its sources have not changed; returns the path of its output file. #>
    param([string] $Name, [string] $Project, [string] $OutputFile)
    $outDir = Get-RepoPath "out/$Name"
    $output = Join-Path $outDir $OutputFile
    $stampFile = Get-RepoPath "out/$Name-stamp.txt"
    $fingerprint = Get-FilesFingerprint -Folders (Split-Path -Parent $Project) -Files 'Directory.Build.props', 'Directory.Packages.props'
    if (Test-UpToDate -Output $output -StampFile $stampFile -Fingerprint $fingerprint) {
        Write-Host "${Name}: up to date"
        return $output
    }

    Write-Host "${Name}: publishing to out/$Name"
    $null = Invoke-Native dotnet @('publish', (Get-RepoPath $Project), '-c', 'Release', '-o', $outDir, '--nologo', '-v', 'q')
    Set-Content -LiteralPath $stampFile -Value $fingerprint -Encoding utf8NoBOM
    $output
}

function Invoke-EmulatorPublish {
    <# Publishes the batch emulator to out/emulator for the stack. #>
    Invoke-PublishIfChanged -Name 'emulator' -Project 'src/BlobBatch.Emulator/BlobBatch.Emulator.csproj' -OutputFile 'BlobBatch.Emulator.dll'
}

function Invoke-Net8LoadTestPublish {
    <# Publishes the .NET 8 load test, self-contained; the first publish restores .NET 8's runtime pack from NuGet (the SDK brings only its own). #>
    Invoke-PublishIfChanged -Name 'net8-load' -Project 'tests/BlobBatch.LoadTest.Net8/BlobBatch.LoadTest.Net8.csproj' -OutputFile 'BlobBatch.LoadTest.Net8'
}

function Read-TrxCounts {
    param([string] $Directory)
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in Get-ChildItem -LiteralPath $Directory -Filter *.trx -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -Raw -LiteralPath $file.FullName)).TestRun.ResultSummary.Counters
        $counts.Passed += [int]$counters.passed
        $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $counts.Failed += $failed
        $counts.Skipped += [int]$counters.total - [int]$counters.passed - $failed
    }
    $counts
}

function Invoke-XunitSuite {
    param([string] $ResultsDir)
    $trxDir = Join-Path $ResultsDir 'xunit'
    if (Test-Path -LiteralPath $trxDir) { Remove-Item -LiteralPath $trxDir -Recurse -Force }
    $exit = Invoke-Native dotnet @('test', (Get-RepoPath 'BlobBatch.sln'), '-c', 'Release', '--nologo',
        '--logger', 'trx', '--logger', 'console;verbosity=normal', '--results-directory', $trxDir) -AllowFailure
    $counts = Read-TrxCounts -Directory $trxDir
    if ($exit -ne 0 -and $counts.Failed -eq 0) {
        # The build or the test host failed before any result was written: that is a failure too.
        $counts.Failed = 1
    }
    Write-Host "xunit: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    $counts
}

function Read-SummaryCounts {
    <# A suite's counts from the JSON summary it wrote; a failed run that wrote no failure counts as one. #>
    param([string] $SummaryFile, [int] $ExitCode)
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    if (Test-Path -LiteralPath $SummaryFile) {
        $summary = Get-Content -Raw -LiteralPath $SummaryFile | ConvertFrom-Json
        $counts = @{ Passed = [int]$summary.Passed; Failed = [int]$summary.Failed; Skipped = [int]$summary.Skipped }
    }
    if ($ExitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    $counts
}

function Invoke-Net8LoadSuite {
    <# Loads the built module's payload in a .NET 8 process, as PowerShell 7.4 would (tests/BlobBatch.LoadTest.Net8). #>
    param([string] $ResultsDir, [string] $ModuleDir)
    $summaryFile = Join-Path $ResultsDir 'net8-load-summary.json'
    if (Test-Path -LiteralPath $summaryFile) { Remove-Item -LiteralPath $summaryFile -Force }
    $exe = Invoke-Net8LoadTestPublish
    $exit = Invoke-Native $exe @($ModuleDir, '--summary', $summaryFile) -AllowFailure
    $counts = Read-SummaryCounts -SummaryFile $summaryFile -ExitCode $exit
    Write-Host "net8-load: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    $counts
}

function Invoke-PesterSuite {
    param([string] $ResultsDir, [string] $Manifest)
    $summaryFile = Join-Path $ResultsDir 'pester-summary.json'
    if (Test-Path -LiteralPath $summaryFile) { Remove-Item -LiteralPath $summaryFile -Force }
    $pester = Join-Path (Get-NuGetPackageRoot) "pester/$script:PesterVersion/tools/Pester.psd1"
    # A fresh pwsh, against the built module, never the source tree.
    $exit = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Get-RepoPath 'tests/pester/Invoke-PesterSuite.ps1'),
        '-PesterPath', $pester, '-ModuleManifest', $Manifest, '-SummaryPath', $summaryFile) -AllowFailure
    $counts = Read-SummaryCounts -SummaryFile $summaryFile -ExitCode $exit
    Write-Host "pester: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    $counts
}

function Invoke-TestTask {
    <# Builds, starts the stack, runs the suites, prints the one CI line; returns the exit code. #>
    param([string] $Suite = 'all')
    $total = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $stackFile = Get-RepoPath 'out/stack-test.json'
    try {
        Invoke-Bootstrap
        $manifest = Invoke-ModuleBuild
        $resultsDir = New-Item -ItemType Directory -Force -Path (Get-RepoPath 'out/test-results')
        $suites = @()
        if ($Suite -in 'all', 'net8') { $suites += Invoke-Net8LoadSuite -ResultsDir $resultsDir -ModuleDir (Split-Path -Parent $manifest) }
        if ($Suite -in 'all', 'xunit', 'pester') {
            $null = Invoke-EmulatorPublish
            $null = Start-BlobBatchStack -RepoRoot $script:RepoRoot -StackFile $stackFile
            $env:BLOBBATCH_STACK_FILE = $stackFile
            $env:BLOBBATCH_NUGET_PACKAGES = Get-NuGetPackageRoot
        }
        if ($Suite -in 'all', 'xunit') { $suites += Invoke-XunitSuite -ResultsDir $resultsDir }
        if ($Suite -in 'all', 'pester') { $suites += Invoke-PesterSuite -ResultsDir $resultsDir -Manifest $manifest }
        foreach ($counts in $suites) { foreach ($key in @($total.Keys)) { $total[$key] += $counts[$key] } }
    }
    catch {
        Write-Host "test: $($_.Exception.Message)"
        $total.Failed += 1
    }
    finally {
        Stop-BlobBatchStack -StackFile $stackFile
    }
    Write-Host "tests: $($total.Passed) passed, $($total.Failed) failed, $($total.Skipped) skipped"
    if ($total.Failed -gt 0 -or $total.Passed -eq 0) { 1 } else { 0 }
}

function Invoke-Demo {
    Invoke-Bootstrap
    $manifest = Invoke-ModuleBuild
    $stackFile = Get-RepoPath 'out/stack-demo.json'
    $null = Invoke-EmulatorPublish
    $null = Start-BlobBatchStack -RepoRoot $script:RepoRoot -StackFile $stackFile
    try {
        Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Get-RepoPath 'samples/demo.ps1'),
            '-ModuleManifest', $manifest, '-StackFile', $stackFile) | Out-Null
    }
    finally {
        Stop-BlobBatchStack -StackFile $stackFile
    }
}

function Invoke-Package {
    $manifest = Invoke-ModuleBuild
    $repoDir = New-Item -ItemType Directory -Force -Path (Get-RepoPath 'out/repo')
    $repoName = 'BlobBatchLocal'
    $existing = Get-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue
    if (-not $existing -or $existing.Uri.LocalPath.TrimEnd('/') -ne $repoDir.FullName.TrimEnd('/')) {
        if ($existing) { Unregister-PSResourceRepository -Name $repoName }
        Register-PSResourceRepository -Name $repoName -Uri $repoDir.FullName -Trusted
    }
    $version = Get-ModuleVersion
    Get-ChildItem -LiteralPath $repoDir -Filter "blobbatch.$version.nupkg" | Remove-Item -Force
    Publish-PSResource -Path (Split-Path -Parent $manifest) -Repository $repoName
    $package = Get-ChildItem -LiteralPath $repoDir -Filter '*.nupkg' | Where-Object Name -like "*$version.nupkg"
    Write-Host "package: $($package.FullName) (install with Install-PSResource BlobBatch -Repository $repoName)"
}

function Invoke-Clean {
    foreach ($dir in @(Get-RepoPath 'out') + @(Get-ChildItem -Path (Get-RepoPath 'src'), (Get-RepoPath 'tests') -Recurse -Directory -Include bin, obj)) {
        if (Test-Path -LiteralPath $dir) { Remove-Item -LiteralPath $dir -Recurse -Force }
    }
    Write-Host 'clean: removed out/ and every bin/ and obj/'
}

Export-ModuleMember -Function Initialize-BuildTasks, Invoke-Bootstrap, Invoke-ModuleBuild, Invoke-EmulatorPublish, Invoke-TestTask, Invoke-Demo, Invoke-Package, Invoke-Clean, Get-ModuleVersion
