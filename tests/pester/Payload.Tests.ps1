# The payload ships only what the module loads. The .NET 8 load test in build.ps1 test proves that
# every shipped assembly loads from bin/lib and is needed; this keeps out the ones that once were
# shipped without being loaded (or, for PowerShell's own, would never be).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $lib = Join-Path (Split-Path -Parent (Get-TestModuleManifest)) 'bin/lib'
    $shipped = @(Get-ChildItem -LiteralPath $lib -Filter *.dll | ForEach-Object Name)
}

Describe 'The payload in bin/lib' {
    It 'holds the module and its dependencies' {
        $shipped | Should -Contain 'BlobBatch.dll'
        $shipped | Should -Contain 'BlobBatch.Core.dll'
        $shipped | Should -Contain 'Azure.Core.dll'
    }

    It 'has no <Pattern>' -TestCases @(
        @{ Pattern = 'Apache.Arrow.dll' }
        @{ Pattern = 'Google.Protobuf.dll' }
        @{ Pattern = 'Microsoft.ML.Tokenizers*.dll' }
        @{ Pattern = 'System.Management.Automation.dll' }
    ) {
        $shipped | Where-Object { $_ -like $Pattern } | Should -BeNullOrEmpty
    }
}
