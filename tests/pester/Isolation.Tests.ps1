BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Dependency isolation' {
    It 'works beside another Azure.Core already loaded, and keeps its own in its own load context' {
        $stack = Get-TestStack
        $oldCore = Join-Path $env:BLOBBATCH_NUGET_PACKAGES 'azure.core/1.44.1/lib/net6.0/Azure.Core.dll'
        Test-Path -LiteralPath $oldCore | Should -BeTrue
        $result = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
`$old = [System.Reflection.Assembly]::LoadFrom('$oldCore')
`$null = [Azure.Core.AccessToken]
Import-Module '$(Get-TestModuleManifest)'
`$secret = ConvertTo-SecureString -AsPlainText -Force -String '$($stack.storageConnectionString)'
`$context = Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -StorageConnectionString `$secret -Validate -PassThru
`$alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$context.GetType().Assembly)
`$ours = `$alc.Assemblies | Where-Object { `$_.GetName().Name -eq 'Azure.Core' }
`$default = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { `$_.GetName().Name -eq 'Azure.Core' }
[ordered]@{
    ContextLoadContext = `$alc.Name
    OursVersion = "`$(`$ours.GetName().Version)"
    OursLoadContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$ours).Name
    DefaultVersions = @(`$default | ForEach-Object { "`$(`$_.GetName().Version)" })
} | ConvertTo-Json -Compress
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $facts = $result.Output[-1] | ConvertFrom-Json
        $facts.ContextLoadContext | Should -Be 'BlobBatch'
        $facts.OursLoadContext | Should -Be 'BlobBatch'
        $facts.OursVersion | Should -Not -Be '1.44.1.0'
        $facts.DefaultVersions | Should -Be @('1.44.1.0')
    }
}
