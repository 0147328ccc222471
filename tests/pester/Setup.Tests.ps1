# Test-BlobBatchSetup against the local stack: passing, and failing clearly with the fix.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $key = ConvertTo-TestSecret $stack.apiKey
    $storage = ConvertTo-TestSecret $stack.storageConnectionString
    function Get-Check($Checks, [string] $Like) { $Checks | Where-Object Name -Like $Like }
}

Describe 'Test-BlobBatchSetup' {
    It 'passes every check against the local stack, and says what it cannot see' {
        $context = Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -StorageConnectionString $storage -PassThru
        $checks = Test-BlobBatchSetup -Context $context -Deployment $stack.deployments[0].name -ProbeTimeoutSeconds 30
        $checks.Count | Should -Be 8
        ($checks | Where-Object Status -EQ 'Failed') | Should -BeNullOrEmpty
        ($checks | Where-Object Status -EQ 'Passed').Count | Should -Be 7
        $identity = Get-Check $checks '*identity*'
        "$($identity.Status)" | Should -Be 'Info'
        $identity.Fix | Should -Match 'az role assignment create'
        $identity.Fix | Should -Match 'New-AzRoleAssignment'
        Test-BlobBatchSetup -Context $context -Quiet | Should -BeTrue
        $table = $checks | Out-String -Width 200
        $table | Should -Match 'ok'
        @(Get-TestBlobNames -Container $stack.inputContainer) -match '\.blobbatch-setup/' | Should -BeNullOrEmpty -Because 'the write probe cleans up'
    }

    It 'fails clearly on a missing container, with the command that creates it' {
        $context = Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -StorageConnectionString $storage -OutputContainer 'missing-output' -PassThru
        $checks = Test-BlobBatchSetup -Context $context -WarningAction SilentlyContinue
        $missing = Get-Check $checks "*'missing-output' exists"
        "$($missing.Status)" | Should -Be 'Failed'
        $missing.Fix | Should -Be 'az storage container create --account-name devstoreaccount1 --name missing-output --auth-mode login'
        "$((Get-Check $checks "*'batch-input' exists").Status)" | Should -Be 'Passed'
        Test-BlobBatchSetup -Context $context -Quiet | Should -BeFalse
    }

    It 'fails clearly on a wrong key, naming the key and the role as the fix' {
        $context = Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey (ConvertTo-TestSecret 'not-the-key') -StorageConnectionString $storage -PassThru
        $checks = Test-BlobBatchSetup -Context $context -Deployment $stack.deployments[0].name -WarningAction SilentlyContinue
        $service = Get-Check $checks 'Azure OpenAI endpoint*'
        "$($service.Status)" | Should -Be 'Failed'
        $service.Detail | Should -Match '401'
        $service.Fix | Should -Match 'Cognitive Services OpenAI User'
        "$((Get-Check $checks '*batch deployment').Status)" | Should -Be 'Skipped'
        ($checks | Out-String) | Should -Not -Match 'not-the-key'
    }

    It 'tells a Standard deployment and an unknown one from a batch deployment' {
        $context = Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -StorageConnectionString $storage -PassThru
        $standard = Get-Check (Test-BlobBatchSetup -Context $context -Deployment 'gpt-4o-standard' -ProbeTimeoutSeconds 30 -WarningAction SilentlyContinue) '*batch deployment'
        "$($standard.Status)" | Should -Be 'Failed'
        $standard.Fix | Should -Match 'Global Batch'
        $unknown = Get-Check (Test-BlobBatchSetup -Context $context -Deployment 'no-such-deployment' -ProbeTimeoutSeconds 30 -WarningAction SilentlyContinue) '*batch deployment'
        "$($unknown.Status)" | Should -Be 'Failed'
        $unknown.Detail | Should -Match 'no deployment'
    }
}
