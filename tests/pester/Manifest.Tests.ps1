# The module claims only what the tests prove: PowerShell 7.4 or later (7.4 by the .NET 8 load test,
# 7.6 by this suite), Core only. Windows PowerShell is refused in words that stay the same.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifest = Import-PowerShellDataFile (Get-TestModuleManifest)
}

Describe 'What the module claims' {
    It 'asks for PowerShell 7.4 or later, Core only' {
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $manifest.PrivateData.PSData.Tags | Should -Not -Contain 'PSEdition_Desktop'
    }

    It 'stops an import in Windows PowerShell with a stable id and message' {
        # $PSEdition is a constant, so the psm1's guard runs here as Windows PowerShell would reach it.
        $psm1 = Join-Path (Split-Path -Parent (Get-TestModuleManifest)) 'BlobBatch.psm1'
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($psm1, [ref]$null, [ref]$null)
        $guard = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.IfStatementAst] }, $false)
        $guard.Clauses[0].Item1.Extent.Text | Should -Be "`$PSEdition -ne 'Core'"
        $body = [scriptblock]::Create(($guard.Clauses[0].Item2.Statements | ForEach-Object { $_.Extent.Text }) -join "`n")

        $failure = { & $body } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'WindowsPowerShellNotSupported'
        $failure.Exception.Message | Should -Be 'BlobBatch needs PowerShell 7.4 or later. Windows PowerShell is not supported.'
    }
}
