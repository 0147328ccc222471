# The secrets corpus: every input that can carry a secret (a SAS in each parameter, connection
# strings with an account key or a SAS, user info in URLs, keys pasted into the wrong parameter),
# taken through every error path that names a URL or a value. No canary may appear in any message,
# TargetObject, inner exception, stream, file the run wrote, or $Error.
BeforeDiscovery {
    # Script: what a careless admin (or a hostile service) does; Id: the error it ends in ($null: it works).
    $connectCases = @(
        @{ Case = 'a SAS in -StorageAccount'; Id = 'InvalidStorageAccountName'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageAccount $sas' }
        @{ Case = 'a key connection string in -StorageAccount'; Id = 'InvalidStorageAccountName'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageAccount $keyConnection' }
        @{ Case = 'a SAS connection string in -StorageAccount'; Id = 'InvalidStorageAccountName'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageAccount $sasConnection' }
        @{ Case = 'a bare account key in -StorageAccount'; Id = 'InvalidStorageAccountName'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageAccount $accountKey' }
        @{ Case = 'a SAS URL in -BlobEndpoint'; Id = 'QueryInBlobEndpoint'; Script = 'Connect-BlobBatch -Endpoint $openai -BlobEndpoint "https://contosobatch.blob.core.windows.net/?$sas"' }
        @{ Case = 'a SAS URL with a bad scheme in -BlobEndpoint'; Id = 'InvalidEndpoint'; Script = 'Connect-BlobBatch -Endpoint $openai -BlobEndpoint "ftp://contosobatch.blob.core.windows.net/?$sas"' }
        @{ Case = 'a connection string in -BlobEndpoint'; Id = 'InvalidEndpoint'; Script = 'Connect-BlobBatch -Endpoint $openai -BlobEndpoint $keyConnection' }
        @{ Case = 'a password over http in -BlobEndpoint'; Id = 'InsecureEndpoint'; Script = 'Connect-BlobBatch -Endpoint $openai -BlobEndpoint "http://admin:$password@contosobatch.blob.core.windows.net"' }
        @{ Case = 'an API key in -Endpoint'; Id = 'InvalidEndpoint'; Script = 'Connect-BlobBatch -Endpoint $apiKey -StorageAccount contosobatch' }
        @{ Case = 'a SAS in -Endpoint'; Id = 'InvalidEndpoint'; Script = 'Connect-BlobBatch -Endpoint $sas -StorageAccount contosobatch' }
        @{ Case = 'a password in a regional -Endpoint'; Id = 'RegionalEndpoint'; Script = 'Connect-BlobBatch -Endpoint "https://admin:$password@eastus.api.cognitive.microsoft.com" -StorageAccount contosobatch' }
        @{ Case = 'a password in -Endpoint of another cloud'; Id = 'EnvironmentMismatch'; Script = 'Connect-BlobBatch -Endpoint "https://admin:$password@contoso.openai.azure.us" -Environment AzureChinaCloud -StorageAccount contosobatch' }
        @{ Case = 'a SAS in -InputContainer'; Id = 'InvalidContainerName'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageAccount contosobatch -InputContainer $sas' }
        @{ Case = 'a SAS in -OutputContainer'; Id = 'InvalidContainerName'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageAccount contosobatch -OutputContainer $sas' }
        @{ Case = 'a SAS in -ApiVersion'; Id = 'InvalidApiVersion'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageAccount contosobatch -ApiVersion $sas' }
        @{ Case = 'a SAS beside a connection string'; Id = 'ConflictingStorageOptions'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageConnectionString (ConvertTo-TestSecret $keyConnection) -StorageSasToken (ConvertTo-TestSecret $sas)' }
        @{ Case = 'a broken connection string holding a key'; Id = 'InvalidStorageConnectionString'; Script = 'Connect-BlobBatch -Endpoint $openai -StorageConnectionString (ConvertTo-TestSecret "AccountKey=$accountKey;Nonsense")' }
        @{ Case = 'a SAS refused by storage'; Id = 'StorageAccessDenied'; Script = 'Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -BlobEndpoint $stack.blobEndpoint -StorageSasToken (ConvertTo-TestSecret $sas) -Validate' }
        @{ Case = 'a SAS connection string to a missing container'; Id = 'ContainerNotFound'; Script = 'Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -StorageConnectionString $azuriteSas -InputContainer no-such-input -Validate' }
        @{ Case = 'a SAS to storage that does not answer'; Id = 'StorageUnreachable'; Script = 'Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -BlobEndpoint "http://127.0.0.1:$closedPort/devstoreaccount1" -StorageSasToken (ConvertTo-TestSecret $sas) -Validate' }
        @{ Case = 'a wrong API key'; Id = 'ServiceAuthenticationFailed'; Script = 'Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey (ConvertTo-TestSecret $apiKey) -StorageConnectionString $azuriteSas; Get-BlobBatch -First 1' }
        @{ Case = 'a password and a SAS in -Endpoint that works'; Id = $null; Script = 'Connect-BlobBatch -Endpoint "https://admin:$password@contoso.openai.azure.com/?$sas" -StorageAccount contosobatch -PassThru' }
        @{ Case = 'a password in -BlobEndpoint that works'; Id = $null; Script = 'Connect-BlobBatch -Endpoint $openai -BlobEndpoint "https://admin:$password@contosobatch.blob.core.windows.net" -StorageSasToken (ConvertTo-TestSecret $sas) -PassThru' }
    )
    # With a SAS connection string every storage client URL carries the SAS: the paths that name a blob.
    $runCases = @(
        @{ Case = 'an input blob name that is taken'; Id = 'InputBlobExists'; Script = 'Start-Twice' }
        @{ Case = 'a manifest that is no manifest'; Id = 'InvalidRunManifest'; Script = 'Save-BrokenManifest' }
        @{ Case = 'a run that does not exist'; Id = 'RunNotFound'; Script = 'Save-BatchResult -RunId "nosuchrun-$(Get-Random)" -Path (Join-Path $TestDrive "norun")' }
        @{ Case = 'a result URL outside the container'; Id = 'OutputOutsideContainer'; Script = 'Save-Outside' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/AzuriteRest.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $key = ConvertTo-TestSecret $stack.apiKey
    $openai = 'https://contoso.openai.azure.com'
    $closedPort = Get-FreeLoopbackPort

    # Canaries: each can be found in any text that quotes it, and in nothing else.
    $password = 'CanaryPassw0rd' + (Get-Random)
    $apiKey = '0a1b2c3d4e5f' + ([guid]::NewGuid().ToString('n')).Substring(0, 20)
    $accountKey = [Convert]::ToBase64String([System.Text.Encoding]::ASCII.GetBytes('canary-account-key-' + [guid]::NewGuid().ToString('n')))
    $sasSig = 'CanarySig' + [guid]::NewGuid().ToString('n')
    $sas = "sv=2021-08-06&ss=b&srt=sco&sp=rwl&se=2099-01-01T00%3A00%3A00Z&sig=$sasSig"
    $keyConnection = "DefaultEndpointsProtocol=https;AccountName=contosobatch;AccountKey=$accountKey;EndpointSuffix=core.windows.net"
    $sasConnection = "BlobEndpoint=https://contosobatch.blob.core.windows.net/;SharedAccessSignature=$sas"

    # A working SAS connection string to the stack's Azurite: its real signature is a canary too.
    $realSas = New-AzuriteAccountSas
    $realSig = [Uri]::UnescapeDataString(($realSas -split '&' | Where-Object { $_ -like 'sig=*' }).Substring(4))
    $azuriteSas = ConvertTo-TestSecret "BlobEndpoint=$($stack.blobEndpoint);SharedAccessSignature=$realSas"
    $canaries = @($password, $apiKey, $accountKey, $sasSig, $realSig, [Uri]::EscapeDataString($realSig))

    $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Id = "s$_"; Text = "Ticket $_" } }
    $prompt = @{ Deployment = $stack.deployments[0].name; UserTemplate = '{Text}'; IdProperty = 'Id' }

    function Connect-WithSas { Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -StorageConnectionString $azuriteSas }

    function Start-Twice {
        $run = 'secrets-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $folder = Join-Path $TestDrive $run
        $null = New-Item -ItemType Directory -Path "$folder/a", "$folder/b"
        $null = $rows | New-BatchInputFile @prompt -Path "$folder/a/in.jsonl" | Start-BlobBatch -RunId $run
        # The same name with other content: the blob exists, so the upload is refused.
        $rows | Select-Object -First 2 | New-BatchInputFile @prompt -Path "$folder/b/in.jsonl" | Start-BlobBatch -RunId $run
    }

    function Save-BrokenManifest {
        $run = 'broken-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        Set-AzuriteBlob -BlobEndpoint $stack.blobEndpoint -Container $stack.outputContainer -Name "$run/manifest.json" -Text '{"version": "not a manifest"'
        Save-BatchResult -RunId $run -Path (Join-Path $TestDrive $run)
    }

    function Save-Outside {
        $done = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive "outside-$(Get-Random).jsonl") | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
        Set-EmulatorFaults @{ rules = @(@{ kind = 'Rewrite'; operation = 'get'; field = 'output_blob'; value = "$($stack.blobEndpoint)/$($stack.outputContainer)/x%2F..%2F..%2F$($stack.inputContainer)%2Fresults.jsonl?$realSas" }) }
        try { $job = Get-BlobBatch -Id $done[0].Id } finally { Clear-EmulatorFaults }
        $job | Save-BatchResult -Path (Join-Path $TestDrive "outside-$(Get-Random)")
    }

    # Runs the script with every stream on; returns all the text a person or a log could see.
    function Invoke-Exposed([string] $Script, [string] $ExpectedId) {
        $Error.Clear()
        $outcome = @{ Failure = $null }
        $captured = & {
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $ErrorActionPreference = 'Stop'
            try { & ([scriptblock]::Create($Script)) } catch { $outcome.Failure = $_; $_ }
        } *>&1
        $failure = $outcome.Failure
        if ($ExpectedId) {
            $failure | Should -Not -BeNullOrEmpty -Because "the case ends in $ExpectedId"
            $failure.FullyQualifiedErrorId | Should -BeLike "$ExpectedId,*"
        }
        else {
            $failure | Should -BeNullOrEmpty
        }

        $records = @($captured | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) + @($Error)
        @(
            $captured | Out-String -Width 500
            $captured | Format-List * -Force | Out-String -Width 500
            $captured | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] -and $_ -isnot [System.Management.Automation.ErrorRecord] } |
                ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 3 -WarningAction SilentlyContinue; "$_" }
            $records | ForEach-Object {
                $_.Exception.ToString(); $_.Exception.Message; "$($_.TargetObject)"; $_.CategoryInfo | Out-String
                $_.TargetObject | Format-List * -Force | Out-String
            }
            $Error | Format-List * -Force | Out-String -Width 500
            Get-BlobBatchContext -ErrorAction SilentlyContinue | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
            Get-ChildItem -LiteralPath $TestDrive -Recurse -File | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }
        ) -join "`n"
    }
}

Describe 'No secret in any error, stream, file or $Error' {
    BeforeEach { Connect-WithSas }
    AfterEach { Clear-EmulatorFaults }

    It 'hides the secret of <Case> (<Id>)' -TestCases $connectCases {
        $text = Invoke-Exposed $Script $Id
        foreach ($canary in $canaries) { $text.Contains($canary) | Should -BeFalse -Because "the text may not quote '$canary'" }
    }

    It 'hides the SAS of the connection string when <Case> (<Id>)' -TestCases $runCases {
        $text = Invoke-Exposed $Script $Id
        foreach ($canary in $canaries) { $text.Contains($canary) | Should -BeFalse -Because "the text may not quote '$canary'" }
    }

    It 'runs a whole pipeline with a SAS connection string without showing the SAS' {
        $text = Invoke-Exposed @'
$work = Join-Path $TestDrive ('sas-run-' + (Get-Random))
$null = New-Item -ItemType Directory -Path $work
$rows | New-BatchInputFile @prompt -Path "$work/in.jsonl" -Verbose -Debug | Start-BlobBatch -StatePath "$work/run.json" -Verbose -Debug |
    Wait-BlobBatch -PollIntervalSeconds 1 -Verbose | Save-BatchResult -Path "$work/out" -IncludeInput -CsvPath "$work/joined.csv" -Verbose -Debug
Test-BlobBatchSetup -Deployment $prompt.Deployment -Verbose
'@ $null
        $text | Should -Match 'Succeeded|s1' -Because 'the run really ran'
        foreach ($canary in $canaries) { $text.Contains($canary) | Should -BeFalse -Because "the text may not quote '$canary'" }
    }
}
