# Sign-ins admins already have, driven through the REAL Azure.Identity credentials against loopback
# STAND-INS (the real things cannot be installed here): a managed-identity endpoint as Azure
# Automation and App Service give a process (IDENTITY_ENDPOINT + IDENTITY_HEADER), an `az` on PATH,
# and an Az.Accounts module with Get-AzContext and Get-AzAccessToken. An emulator that accepts ONE
# exact bearer token proves each token reached the service. Storage uses Azurite's connection
# string: Azurite takes Entra tokens only over https, so the storage audience is proven in xunit
# (CloudContextTests) by what the storage client asks the credential for.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $standIns = Join-Path $PSScriptRoot 'StandIns'
    $token = 'standin-' + [guid]::NewGuid().ToString('n')
    $emulator = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') `
        -StorageConnectionString $stack.storageConnectionString -Settings @{ BearerToken = $token }
    $openAIResource = 'https://cognitiveservices.azure.com'

    function Start-IdentityEndpoint([switch] $Refuse) {
        $port = Get-FreeLoopbackPort
        $log = Join-Path $TestDrive ("identity-" + [guid]::NewGuid().ToString('n') + '.log')
        $null = New-Item -ItemType File -Path $log
        $header = [guid]::NewGuid().ToString('n')
        $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $standIns 'IdentityEndpoint.ps1'),
            '-Port', $port, '-Header', $header, '-Token', $token, '-LogPath', $log)
        if ($Refuse) { $arguments += '-Refuse' }
        $process = Start-Process -FilePath ([Environment]::ProcessPath) -ArgumentList (@((Join-Path $PSHOME 'pwsh.dll')) + $arguments) -PassThru
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($true) {
            try { $null = Invoke-WebRequest -Uri "http://127.0.0.1:$port/?resource=probe" -SkipHttpErrorCheck; break }
            catch { if ([DateTime]::UtcNow -gt $deadline) { throw 'The identity stand-in did not start.' }; Start-Sleep -Milliseconds 200 }
        }
        Clear-Content -LiteralPath $log
        [pscustomobject]@{ Process = $process; Log = $log; Environment = @{ IDENTITY_ENDPOINT = "http://127.0.0.1:$port/"; IDENTITY_HEADER = $header } }
    }

    function Get-RunScript([string] $Connect, [string] $Folder) {
        # A whole run in a fresh process: new -> start -> wait with 1 s polls -> save.
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-TestModuleManifest)'
`$storage = ConvertTo-SecureString `$env:BLOBBATCH_TEST_STORAGE -AsPlainText -Force
$Connect -Endpoint '$($emulator.Endpoint)' -StorageConnectionString `$storage
`$rows = 1..5 | ForEach-Object { [pscustomobject]@{ Id = "r`$_"; Text = "Ticket `$_" } }
`$summary = `$rows | New-BatchInputFile -Deployment gpt-4o-batch -SystemPrompt 'Classify.' -UserTemplate '{Text}' -IdProperty Id -Path '$Folder/in.jsonl' |
    Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path '$Folder/out'
'SUCCEEDED=' + `$summary.Succeeded
"@
    }

    function Get-AudienceCounts([string] $Log) {
        $counts = @{}
        foreach ($line in @(Get-Content -LiteralPath $Log)) { if ($line) { $counts[$line.TrimEnd('/')] = 1 + [int]$counts[$line.TrimEnd('/')] } }
        $counts
    }
}

AfterAll {
    if ($emulator) { Stop-StackProcess -Id $emulator.ProcessId; Remove-Item -Recurse -Force -LiteralPath $emulator.DataPath -ErrorAction SilentlyContinue }
}

Describe 'A managed identity (stand-in endpoint, real ManagedIdentityCredential)' {
    It 'runs a whole pipeline with -Identity, asking the endpoint at most once per audience' {
        $endpoint = Start-IdentityEndpoint
        try {
            $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'mi-run')).FullName
            $environment = $endpoint.Environment + @{ BLOBBATCH_TEST_STORAGE = $stack.storageConnectionString }
            $run = Invoke-FreshPwsh -Script (Get-RunScript 'Connect-BlobBatch -Identity' $folder) -Environment $environment
            $run.Output -join "`n" | Should -Match 'SUCCEEDED=5' -Because ($run.Output -join "`n")
            $counts = Get-AudienceCounts $endpoint.Log
            $counts[$openAIResource] | Should -Be 1 -Because 'one token serves every call of the run'
            $counts.Keys.Count | Should -Be 1
        }
        finally { Stop-Process -Id $endpoint.Process.Id -ErrorAction SilentlyContinue }
    }

    It 'stops Get-BlobBatch with an id and AuthenticationError when the endpoint refuses; the doctor reports it with the fix' {
        $endpoint = Start-IdentityEndpoint -Refuse
        try {
            $script = @"
Import-Module '$(Get-TestModuleManifest)'
`$storage = ConvertTo-SecureString `$env:BLOBBATCH_TEST_STORAGE -AsPlainText -Force
Connect-BlobBatch -Endpoint '$($emulator.Endpoint)' -Identity -StorageConnectionString `$storage
try { Get-BlobBatch -First 1; 'NO-ERROR' } catch { 'ID=' + `$_.FullyQualifiedErrorId; 'CATEGORY=' + `$_.CategoryInfo.Category; 'MESSAGE=' + `$_.Exception.Message }
try {
    `$checks = Test-BlobBatchSetup -WarningAction SilentlyContinue
    foreach (`$check in `$checks) { 'CHECK=' + `$check.Name + '|' + `$check.Status + '|' + `$check.Fix }
} catch { 'DOCTOR-THREW=' + `$_.FullyQualifiedErrorId }
"@
            $run = Invoke-FreshPwsh -Script $script -Environment ($endpoint.Environment + @{ BLOBBATCH_TEST_STORAGE = $stack.storageConnectionString })
            $text = $run.Output -join "`n"
            $text | Should -Not -Match 'NO-ERROR'
            $text | Should -Not -Match 'DOCTOR-THREW'
            $text | Should -Match 'ID=AuthenticationFailed,BlobBatch.Commands.GetBlobBatchCommand'
            $text | Should -Match 'CATEGORY=AuthenticationError'
            $text | Should -Match 'MESSAGE=Signing in with ManagedIdentity \(system-assigned\)'
            $text | Should -Match 'CHECK=Microsoft Entra sign-in\|Failed\|run where a managed identity is on'
            $text | Should -Match 'CHECK=Azure OpenAI endpoint and credential\|Skipped'
            $text | Should -Match "CHECK=The input container 'batch-input' exists\|Passed" -Because 'checks that need no sign-in go on'
        }
        finally { Stop-Process -Id $endpoint.Process.Id -ErrorAction SilentlyContinue }
    }
}

Describe 'The Azure CLI (stand-in az on PATH, real AzureCliCredential)' {
    It 'runs a whole pipeline with -TokenSource AzureCli, starting az at most once per audience' {
        $log = Join-Path $TestDrive 'az.log'
        $null = New-Item -ItemType File -Path $log
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'cli-run')).FullName
        $environment = @{
            PATH                   = (Join-Path $standIns 'bin') + [IO.Path]::PathSeparator + $env:PATH
            BLOBBATCH_AZ_LOG       = $log
            BLOBBATCH_AZ_TOKEN     = $token
            BLOBBATCH_TEST_STORAGE = $stack.storageConnectionString
        }
        $run = Invoke-FreshPwsh -Script (Get-RunScript 'Connect-BlobBatch -TokenSource AzureCli' $folder) -Environment $environment
        $run.Output -join "`n" | Should -Match 'SUCCEEDED=5' -Because ($run.Output -join "`n")
        $counts = Get-AudienceCounts $log
        $counts[$openAIResource] | Should -Be 1 -Because 'az is started once for the run, not once per client or call'
        $counts.Keys.Count | Should -Be 1
    }
}

Describe 'An Az context (stand-in Az.Accounts, Get-AzAccessToken on the pipeline thread)' {
    BeforeAll {
        Import-Module (Join-Path $standIns 'Az.Accounts/Az.Accounts.psm1') -Global -Force
        $env:BLOBBATCH_AZ_TOKEN = $token
        $storage = ConvertTo-TestSecret $stack.storageConnectionString
    }
    AfterAll {
        Remove-Module Az.Accounts -ErrorAction SilentlyContinue
        Remove-Item Env:BLOBBATCH_AZ_TOKEN, Env:BLOBBATCH_AZ_TOKEN_AS_STRING -ErrorAction SilentlyContinue
        Remove-Variable -Scope Global -Name AzStandInTokenCalls -ErrorAction SilentlyContinue
    }

    It 'Get-AzContext | Connect-BlobBatch runs the pipeline, the emulator sees exactly the stand-in token, fetched once' {
        $null = Connect-AzAccount -AccountId 'admin@contoso.example'
        $context = Get-AzContext | Connect-BlobBatch -Endpoint $emulator.Endpoint -StorageConnectionString $storage -PassThru
        "$($context.TokenSource)" | Should -Be 'AzContext'
        $context.SignIn | Should -Be 'AzContext (admin@contoso.example, tenant 00000000-0000-0000-0000-00000000c0de)'
        $rows = 1..4 | ForEach-Object { [pscustomobject]@{ Id = "a$_"; Text = "Ticket $_" } }
        $null = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'az')
        $summary = $rows | New-BatchInputFile -Deployment gpt-4o-batch -SystemPrompt 'Classify.' -UserTemplate '{Text}' -IdProperty Id -Path (Join-Path $TestDrive 'az/in.jsonl') |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'az/out')
        $summary.Succeeded | Should -Be 4
        $global:AzStandInTokenCalls[$openAIResource] | Should -Be 1
    }

    It 'reads the string token of Az.Accounts before 5.0, with -TokenSource AzContext taking the session''s context' {
        $null = Connect-AzAccount
        $env:BLOBBATCH_AZ_TOKEN_AS_STRING = '1'
        try {
            $context = Connect-BlobBatch -Endpoint $emulator.Endpoint -TokenSource AzContext -StorageConnectionString $storage -PassThru
            { Get-BlobBatch -First 1 -Context $context } | Should -Not -Throw
            $global:AzStandInTokenCalls[$openAIResource] | Should -Be 1
        }
        finally { Remove-Item Env:BLOBBATCH_AZ_TOKEN_AS_STRING }
    }

    It 'refuses an object that is not an Az context, and a token the service does not accept' {
        { [pscustomobject]@{ Name = 'x' } | Connect-BlobBatch -Endpoint $emulator.Endpoint -StorageConnectionString $storage } |
            Should -Throw -ErrorId 'InvalidAzContext,BlobBatch.Commands.ConnectBlobBatchCommand'
        $null = Connect-AzAccount
        $env:BLOBBATCH_AZ_TOKEN = 'not-the-token'
        try {
            $context = Get-AzContext | Connect-BlobBatch -Endpoint $emulator.Endpoint -StorageConnectionString $storage -PassThru
            { Get-BlobBatch -First 1 -Context $context } | Should -Throw -ErrorId 'ServiceAuthenticationFailed,BlobBatch.Commands.GetBlobBatchCommand'
        }
        finally { $env:BLOBBATCH_AZ_TOKEN = $token }
    }
}
