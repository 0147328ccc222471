@{
    RootModule           = 'BlobBatch.psm1'
    # Stamped by build.ps1 from Directory.Build.props; do not edit here.
    ModuleVersion        = '0.0.0'
    GUID                 = '6b1f4c3e-2d7a-4f59-9a61-3c0e8b7d5a21'
    Author               = 'BlobBatch contributors'
    CompanyName          = 'BlobBatch contributors'
    Copyright            = '(c) BlobBatch contributors. MIT licence.'
    Description          = 'Runs Azure OpenAI Batch jobs whose input and output live in your own Azure Blob Storage.'
    # What the tests prove: PowerShell 7.4 (.NET 8) and 7.6 (.NET 10). Windows PowerShell is not supported.
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('BlobBatch.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-BlobBatch'
        'Disconnect-BlobBatch'
        'Get-BlobBatchContext'
        'New-BatchInputFile'
        'Start-BlobBatch'
        'Wait-BlobBatch'
        'Save-BatchResult'
        'Get-BlobBatch'
        'Stop-BlobBatch'
        'Test-BlobBatchSetup'
        'Get-BlobBatchRun'
        'New-BlobBatchTarget'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Azure', 'OpenAI', 'Batch', 'BlobStorage', 'AzureOpenAI', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/blobbatch/BlobBatch'
            ReleaseNotes = @'
0.1.0: first release. Connect-BlobBatch, New-BatchInputFile, Start-BlobBatch, Wait-BlobBatch,
Save-BatchResult, Get-BlobBatch, Stop-BlobBatch, Test-BlobBatchSetup. Blob-mode batches with
validation as the service does it, splitting at the service limits, quota-aware submission, run
manifests that resume in a new process, resubmission of failed requests, reconciliation of every
request, and dependency isolation on PowerShell 7. See CHANGELOG.md.
'@
        }
    }
}
