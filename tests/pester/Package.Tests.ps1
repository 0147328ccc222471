# build.ps1 package makes a .nupkg that Install-PSResource installs from a local folder repository
# into a fresh pwsh, where the module loads and works. The fresh pwsh gets a home of its own, so the
# repository registration and the installed module touch nothing of the real user's.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $stack = Get-TestStack
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

Describe 'Packaging' {
    It 'installs with Install-PSResource from the local repository and works' {
        $home_ = Join-Path $TestDrive 'home'
        # .NET resolves a special folder that does not exist to "", which would put PSResourceGet's
        # and NuGet's settings in the working directory: make them exist in the fresh home.
        foreach ($folder in '.local/share', '.config', '.cache') { $null = New-Item -ItemType Directory -Force -Path (Join-Path $home_ $folder) }
        $result = Invoke-FreshPwsh -Environment @{ HOME = $home_ } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$repoRoot/tools/BuildTasks.psm1'
Initialize-BuildTasks -RepoRoot '$repoRoot'
Invoke-Package *> `$null
Install-PSResource BlobBatch -Repository BlobBatchLocal -TrustRepository -Scope CurrentUser -Quiet
Import-Module BlobBatch
`$module = Get-Module BlobBatch
`$context = Connect-BlobBatch -Endpoint '$($stack.openaiEndpoint)' -StorageConnectionString (ConvertTo-SecureString -AsPlainText -Force '$($stack.storageConnectionString)') -Validate -PassThru
[ordered]@{
    Base = `$module.ModuleBase
    Version = "`$(`$module.Version)"
    Commands = @(`$module.ExportedCmdlets.Keys | Sort-Object)
    Editions = @(`$module.CompatiblePSEditions)
    PowerShellVersion = "`$(`$module.PowerShellVersion)"
    Tags = @(`$module.Tags)
    ProjectUri = "`$(`$module.ProjectUri)"
    LicenseUri = "`$(`$module.LicenseUri)"
    ReleaseNotes = "`$(`$module.ReleaseNotes)"
    Container = `$context.InputContainer
    Help = (Get-Help Save-BatchResult).Synopsis
} | ConvertTo-Json -Compress
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $facts = $result.Output[-1] | ConvertFrom-Json
        $facts.Base | Should -BeLike "$home_*"
        $facts.Version | Should -Be (Import-PowerShellDataFile (Get-TestModuleManifest)).ModuleVersion
        $facts.Commands | Should -Be @('Connect-BlobBatch', 'Disconnect-BlobBatch', 'Get-BlobBatch', 'Get-BlobBatchContext', 'Get-BlobBatchRun', 'New-BatchInputFile', 'New-BlobBatchTarget', 'Save-BatchResult', 'Start-BlobBatch', 'Stop-BlobBatch', 'Test-BlobBatchSetup', 'Wait-BlobBatch')
        $facts.Editions | Should -Be @('Core')
        $facts.PowerShellVersion | Should -Be '7.4'
        $facts.Tags | Should -Contain 'AzureOpenAI'
        $facts.ProjectUri | Should -Not -BeNullOrEmpty
        $facts.LicenseUri | Should -Not -BeNullOrEmpty
        $facts.ReleaseNotes | Should -Not -BeNullOrEmpty
        $facts.Container | Should -Be 'batch-input'
        $facts.Help | Should -Not -BeNullOrEmpty
    }
}
