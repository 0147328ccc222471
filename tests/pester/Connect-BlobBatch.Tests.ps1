BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connectionString = ConvertTo-TestSecret $stack.storageConnectionString
    $key = ConvertTo-TestSecret 'test-key'
    $commandSuffix = ',BlobBatch.Commands.ConnectBlobBatchCommand'
}

Describe 'Connect-BlobBatch binds each way of authenticating' {
    It 'takes an API key and a storage connection string' {
        $context = Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -ApiKey $key -StorageConnectionString $connectionString -PassThru
        $context.OpenAIAuth | Should -Be 'ApiKey'
        $context.StorageAuth | Should -Be 'ConnectionString'
        $context.TokenSource | Should -BeNullOrEmpty
        $context.BlobEndpoint.AbsoluteUri.TrimEnd('/') | Should -Be $stack.blobEndpoint
        $context.StorageAccount | Should -Be 'devstoreaccount1'
        $context.InputContainer | Should -Be 'batch-input'
        $context.OutputContainer | Should -Be 'batch-output'
        $context.ApiVersion | Should -Be 'v1'
    }

    It 'takes a token source <Source> and a storage account name, using Entra for both' -TestCases @(
        @{ Source = 'Default' }, @{ Source = 'ManagedIdentity' }, @{ Source = 'WorkloadIdentity' },
        @{ Source = 'AzurePowerShell' }, @{ Source = 'AzureCli' }, @{ Source = 'Environment' }
    ) {
        $context = Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com/' -TokenSource $Source -StorageAccount 'contosobatch' -PassThru
        $context.OpenAIAuth | Should -Be 'EntraToken'
        $context.StorageAuth | Should -Be 'EntraToken'
        "$($context.TokenSource)" | Should -Be $Source
        $context.BlobEndpoint.AbsoluteUri | Should -Be 'https://contosobatch.blob.core.windows.net/'
    }

    It 'defaults to the Default token source when no key is given' {
        $context = Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -StorageAccount 'contosobatch' -PassThru
        "$($context.TokenSource)" | Should -Be 'Default'
    }

    It 'takes a SAS token with a blob endpoint and reads the account from it' {
        $context = Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -ApiKey $key `
            -BlobEndpoint 'https://contosobatch.blob.core.windows.net' -StorageSasToken (ConvertTo-TestSecret 'sv=2024&sig=abc') -PassThru
        $context.StorageAuth | Should -Be 'SasToken'
        $context.StorageAccount | Should -Be 'contosobatch'
    }

    It 'takes custom containers, an api-version and v1' {
        $context = Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -StorageAccount 'contosobatch' `
            -InputContainer 'in-2024' -OutputContainer 'out-2024' -ApiVersion 'v1' -PassThru
        $context.InputContainer | Should -Be 'in-2024'
        $context.OutputContainer | Should -Be 'out-2024'
        $context.ApiVersion | Should -Be 'v1'
    }

    It 'makes the context the session default, and returns nothing without -PassThru' {
        $output = Connect-BlobBatch -Endpoint 'https://fabrikam.openai.azure.com' -StorageAccount 'fabrikambatch'
        $output | Should -BeNullOrEmpty
        (Get-BlobBatchContext).Endpoint.Host | Should -Be 'fabrikam.openai.azure.com'
    }
}

Describe 'Connect-BlobBatch refuses bad values with stable error ids' {
    It 'refuses <Case>' -TestCases @(
        @{ Case = 'an endpoint that is not a URI'; Id = 'InvalidEndpoint'; Arguments = @{ Endpoint = 'not a uri'; StorageAccount = 'contosobatch' } }
        @{ Case = 'an ftp endpoint'; Id = 'InvalidEndpoint'; Arguments = @{ Endpoint = 'ftp://contoso.openai.azure.com'; StorageAccount = 'contosobatch' } }
        @{ Case = 'http to a remote host'; Id = 'InsecureEndpoint'; Arguments = @{ Endpoint = 'http://contoso.openai.azure.com'; StorageAccount = 'contosobatch' } }
        @{ Case = 'an http blob endpoint on a remote host'; Id = 'InsecureEndpoint'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com'; BlobEndpoint = 'http://contosobatch.blob.core.windows.net' } }
        @{ Case = 'no storage at all'; Id = 'StorageNotSpecified'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com' } }
        @{ Case = 'two kinds of storage'; Id = 'ConflictingStorageOptions'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com'; StorageAccount = 'contosobatch'; BlobEndpoint = 'https://contosobatch.blob.core.windows.net' } }
        @{ Case = 'an invalid account name'; Id = 'InvalidStorageAccountName'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com'; StorageAccount = 'Contoso_Batch' } }
        @{ Case = 'an invalid container name'; Id = 'InvalidContainerName'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com'; StorageAccount = 'contosobatch'; InputContainer = 'Batch--In' } }
        @{ Case = 'an api-version without blob mode'; Id = 'ApiVersionWithoutBlobMode'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com'; StorageAccount = 'contosobatch'; ApiVersion = '2024-10-21' } }
        @{ Case = 'a malformed api-version'; Id = 'InvalidApiVersion'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com'; StorageAccount = 'contosobatch'; ApiVersion = 'latest' } }
        @{ Case = 'a SAS in the blob endpoint'; Id = 'QueryInBlobEndpoint'; Arguments = @{ Endpoint = 'https://contoso.openai.azure.com'; BlobEndpoint = 'https://contosobatch.blob.core.windows.net/?sv=1&sig=x' } }
    ) {
        { Connect-BlobBatch @Arguments -ErrorAction Stop } | Should -Throw -ErrorId "$Id$commandSuffix"
    }

    It 'refuses an unparseable connection string without repeating it' {
        $secret = 'NotAConnectionString-canary-7f3a'
        $failure = { Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -StorageConnectionString (ConvertTo-TestSecret $secret) -ErrorAction Stop } |
            Should -Throw -ErrorId "InvalidStorageConnectionString$commandSuffix" -PassThru
        ($failure | Out-String) | Should -Not -Match 'canary-7f3a'
        $failure.Exception.ToString() | Should -Not -Match 'canary-7f3a'
    }

    It 'allows http to loopback addresses' {
        { Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -StorageConnectionString $connectionString } | Should -Not -Throw
        { Connect-BlobBatch -Endpoint 'http://[::1]:5000' -StorageConnectionString $connectionString } | Should -Not -Throw
        { Connect-BlobBatch -Endpoint 'http://localhost:5000' -StorageConnectionString $connectionString } | Should -Not -Throw
    }
}

Describe 'Connect-BlobBatch -Validate against Azurite' {
    It 'succeeds when storage answers and both containers exist' {
        $context = Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -ApiKey $key -StorageConnectionString $connectionString -Validate -PassThru
        $context.InputContainer | Should -Be $stack.inputContainer
    }

    It 'accepts containers made for the test' {
        $input_ = New-TestContainer -Prefix 'in'
        $output = New-TestContainer -Prefix 'out'
        { Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -StorageConnectionString $connectionString -InputContainer $input_ -OutputContainer $output -Validate } |
            Should -Not -Throw
    }

    It 'names the missing container and how to create it' {
        $failure = { Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -StorageConnectionString $connectionString -OutputContainer 'no-such-container' -Validate -ErrorAction Stop } |
            Should -Throw -ErrorId "ContainerNotFound$commandSuffix" -PassThru
        $failure.Exception.Message | Should -Match "'no-such-container' does not exist"
        $failure.Exception.Message | Should -Match 'az storage container create'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'does not change the session default when validation fails' {
        Connect-BlobBatch -Endpoint 'http://127.0.0.1:5001' -StorageConnectionString $connectionString
        { Connect-BlobBatch -Endpoint 'http://127.0.0.1:5002' -StorageConnectionString $connectionString -InputContainer 'missing-one' -Validate -ErrorAction Stop } | Should -Throw
        (Get-BlobBatchContext).Endpoint.Port | Should -Be 5001
    }

    It 'says storage is unreachable when nothing listens' {
        $port = Get-FreeLoopbackPort
        $failure = { Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -BlobEndpoint "http://127.0.0.1:$port/devstoreaccount1" -StorageSasToken (ConvertTo-TestSecret 'sv=1&sig=x') -Validate -ErrorAction Stop } |
            Should -Throw -ErrorId "StorageUnreachable$commandSuffix" -PassThru
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'reports refused access with its own id' {
        $wrongKey = $stack.storageConnectionString -replace 'AccountKey=[^;]+', ('AccountKey=' + [Convert]::ToBase64String([byte[]](1..64)))
        { Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -StorageConnectionString (ConvertTo-TestSecret $wrongKey) -Validate -ErrorAction Stop } |
            Should -Throw -ErrorId "StorageAccessDenied$commandSuffix"
    }
}

Describe 'A context never shows a secret' {
    It 'keeps key, SAS and connection string out of every stream, format and serialisation' {
        $canaryKey = 'canary-key-4b1d9e'
        $canarySas = 'sv=2024-01-01&sig=canary-sas-8c2f0a'
        $canaryAccountKey = [Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes('canary-account-key-77e1'))
        $canaryConnection = $stack.storageConnectionString -replace 'AccountKey=[^;]+', "AccountKey=$canaryAccountKey"
        $patterns = 'canary-key-4b1d9e', 'canary-sas-8c2f0a', [regex]::Escape($canaryAccountKey)

        $captured = @(
            Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -ApiKey (ConvertTo-TestSecret $canaryKey) `
                -BlobEndpoint 'https://contosobatch.blob.core.windows.net' -StorageSasToken (ConvertTo-TestSecret $canarySas) -PassThru -Verbose *>&1
            # Azurite refuses the canary account key: the error record must not carry it either.
            try {
                Connect-BlobBatch -Endpoint 'http://127.0.0.1:5000' -ApiKey (ConvertTo-TestSecret $canaryKey) `
                    -StorageConnectionString (ConvertTo-TestSecret $canaryConnection) -Validate -PassThru -Verbose *>&1
            }
            catch { $_; $_.Exception.ToString() }
        )
        $context = Get-BlobBatchContext
        $text = @(
            $captured | Out-String
            $captured | Format-List * -Force | Out-String
            $context | Format-Table * | Out-String
            $context | Select-Object * | Out-String
            $context | ConvertTo-Json -Depth 5
            "$context"
        ) -join "`n"
        foreach ($pattern in $patterns) { $text | Should -Not -Match $pattern }
        $captured | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Should -Not -BeNullOrEmpty
        $captured | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Connect-BlobBatch shows what it made' {
    It 'shows the endpoint, storage and authentication on the host, and nothing with -Quiet' {
        $shown = @(Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -ApiKey $key -StorageConnectionString $connectionString 6>&1)
        $shown | ForEach-Object { $_.Tags | Should -Contain 'PSHOST' }
        $text = $shown.MessageData.Message -join "`n"
        $text | Should -Match 'Azure OpenAI\s+https://contoso.openai.azure.com/ \(api-version v1, API key; AzureCloud\)'
        $text | Should -Match "Storage\s+$([regex]::Escape($stack.blobEndpoint)).*connection string.*input 'batch-input', output 'batch-output'"
        @(Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -ApiKey $key -StorageConnectionString $connectionString -Quiet 6>&1) | Should -BeNullOrEmpty
    }

    It 'says how Microsoft Entra signs in before a token was fetched' {
        $text = (Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -StorageAccount 'contosobatch' -TokenSource AzureCli 6>&1).MessageData.Message -join "`n"
        $text | Should -Match 'Sign-in\s+AzureCli, on first use'
        (Get-BlobBatchContext).SignedInAs | Should -BeNullOrEmpty
    }
}

Describe 'Disconnect-BlobBatch' {
    It 'clears the session default, and returns it with -PassThru' {
        Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' -ApiKey $key -StorageConnectionString $connectionString -Quiet
        $cleared = Disconnect-BlobBatch -PassThru
        $cleared.Endpoint.Host | Should -Be 'contoso.openai.azure.com'
        { Get-BlobBatchContext -ErrorAction Stop } | Should -Throw -ErrorId 'NoBlobBatchContext,BlobBatch.Commands.GetBlobBatchContextCommand'
        { Get-BlobBatch -ErrorAction Stop } | Should -Throw -ErrorId 'NoBlobBatchContext,BlobBatch.Commands.GetBlobBatchCommand'
        Disconnect-BlobBatch -PassThru | Should -BeNullOrEmpty -Because 'nothing is left to clear'
    }
}

Describe 'Get-BlobBatchContext' {
    It 'reports a stable error in a session that never connected' {
        $result = Invoke-FreshPwsh -Script @"
Import-Module '$(Get-TestModuleManifest)'
try { Get-BlobBatchContext -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }
"@
        $result.Output | Should -Contain 'NoBlobBatchContext,BlobBatch.Commands.GetBlobBatchContextCommand'
    }
}
