# build.ps1 stack -Resources N: several emulator resources over one Azurite, each listed in the stack file and each answering.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $stackFile = Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-stack-resources-" + [guid]::NewGuid().ToString('n') + '.json')
    $paced = [ordered]@{ name = 'paced-batch'; model = 'gpt-4o'; sku = 'GlobalBatch'; maxEnqueuedTokens = 90000; tokensPerSecond = 5000 }
    # The first resource keeps the stack's defaults; the second has a deployment of its own, with a quota and a rate.
    $stack = Start-BlobBatchStack -RepoRoot $repoRoot -StackFile $stackFile -Resources 2 `
        -ResourceOptions @(@{}, @{ Deployments = @($paced); Pacing = @{ ValidatingSeconds = 0.5 } })
    $written = Get-Content -Raw -LiteralPath $stackFile | ConvertFrom-Json
    $tickets = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv') | Select-Object -First 3
}

AfterAll {
    if ($stackFile) { Stop-BlobBatchStack -StackFile $stackFile }
    Disconnect-BlobBatch -ErrorAction SilentlyContinue
}

Describe 'A stack of several resources' {
    It 'lists every resource with its own endpoint, key, deployments and process, the first also at the top level' {
        $written.resources.Count | Should -Be 2
        @($written.resources.openaiEndpoint | Sort-Object -Unique).Count | Should -Be 2
        @($written.resources.apiKey | Sort-Object -Unique).Count | Should -Be 2
        @($written.resources.processId | Sort-Object -Unique).Count | Should -Be 2
        $written.processIds.Count | Should -Be 3
        $written.openaiEndpoint | Should -Be $written.resources[0].openaiEndpoint
        $written.apiKey | Should -Be $written.resources[0].apiKey
        $written.deployments[0].name | Should -Be 'gpt-4o-batch'
        $second = $written.resources[1]
        $second.deployments.Count | Should -Be 1
        $second.deployments[0].name | Should -Be 'paced-batch'
        $second.deployments[0].maxEnqueuedTokens | Should -Be 90000
        $second.deployments[0].tokensPerSecond | Should -Be 5000
        $second.validatingSeconds | Should -Be 0.5
        $written.resources[0].deployments[0].tokensPerSecond | Should -Be 0
    }

    It 'answers on every resource, each with its own key only' {
        foreach ($resource in $written.resources) {
            $list = Invoke-RestMethod -Uri "$($resource.openaiEndpoint)/openai/v1/batches" -Headers @{ 'api-key' = $resource.apiKey }
            $list.object | Should -Be 'list'
        }
        $wrongKey = $written.resources[0].apiKey
        { Invoke-RestMethod -Uri "$($written.resources[1].openaiEndpoint)/openai/v1/batches" -Headers @{ 'api-key' = $wrongKey } } | Should -Throw
    }

    It 'runs a batch on every resource against the one Azurite' -ForEach @(
        @{ Index = 0; Deployment = 'gpt-4o-batch' }
        @{ Index = 1; Deployment = 'paced-batch' }
    ) {
        $resource = $written.resources[$Index]
        Connect-BlobBatch -Endpoint $resource.openaiEndpoint -ApiKey (ConvertTo-TestSecret $resource.apiKey) `
            -StorageConnectionString (ConvertTo-TestSecret $written.storageConnectionString)
        $files = $tickets | New-BatchInputFile -Deployment $Deployment -UserTemplate '{Title}' -IdProperty TicketId -Path (Join-Path $TestDrive "r$Index.jsonl")
        $done = $files | Start-BlobBatch -PollIntervalSeconds 1 | Wait-BlobBatch -PollIntervalSeconds 1 -Timeout 120
        $done.Status | Should -Be 'completed'
        $summary = $done | Save-BatchResult -Path (Join-Path $TestDrive "r$Index")
        $summary.Succeeded | Should -Be $tickets.Count
    }

    It 'stops every process by its own id' {
        $ids = @($written.processIds)
        Stop-BlobBatchStack -StackFile $stackFile
        Test-Path -LiteralPath $stackFile | Should -BeFalse
        foreach ($id in $ids) { Get-Process -Id $id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
        foreach ($resource in $written.resources) { Test-Path -LiteralPath $resource.emulatorDataPath | Should -BeFalse }
    }
}
