# One run over several targets, against the real stack: a deployment that cannot run batches is set
# aside and the run completes on the others; two resources (emulators over one Azurite) make one run.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack
    $east = Connect-BlobBatch @connection -PassThru -Quiet
    $tickets = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv')

    function New-TicketParts {
        param([string] $Name)
        $tickets | New-BatchInputFile -Deployment gpt-4o-batch -UserTemplate 'Title: {Title}' -IdProperty TicketId `
            -Path (Join-Path $TestDrive "$Name.jsonl") -MaxRequestsPerFile ([math]::Ceiling($tickets.Count / 4))
    }
}

AfterAll {
    if ($west) { Stop-StackProcess -Id $west.ProcessId }
}

Describe 'A run over several deployments' {
    It 'sets aside <Bad> with a warning and completes every request on gpt-4o-batch' -TestCases @(
        @{ Bad = 'no-such-deployment'; Code = 'model_not_found' }
        @{ Bad = 'gpt-4o-standard'; Code = 'invalid_request' }
    ) {
        $files = New-TicketParts $Bad
        $files.Count | Should -BeGreaterThan 2
        $warnings = @()
        $summary = $files |
            Start-BlobBatch -Deployment gpt-4o-batch, $Bad -PollIntervalSeconds 1 -StatePath (Join-Path $TestDrive "$Bad.run.json") -WarningVariable +warnings |
            Wait-BlobBatch -PollIntervalSeconds 1 |
            Save-BatchResult -Path (Join-Path $TestDrive "$Bad-results")

        $aside = @($warnings | Where-Object { "$_" -match [regex]::Escape($Bad) })
        $aside.Count | Should -Be 1
        "$($aside[0])" | Should -Match 'set aside'
        "$($aside[0])" | Should -Match $Code
        $summary.Requests | Should -Be $tickets.Count
        $summary.Succeeded | Should -Be $tickets.Count
        $summary.Reconciled | Should -BeTrue
        $ids = Get-Content (Join-Path $TestDrive "$Bad-results/results.jsonl") | ForEach-Object { ($_ | ConvertFrom-Json).custom_id }
        @($ids | Sort-Object -Unique).Count | Should -Be $tickets.Count
        $ids.Count | Should -Be $tickets.Count
        $manifest = Get-Content -Raw (Join-Path $TestDrive "$Bad.run.json") | ConvertFrom-Json
        @($manifest.parts | Where-Object supersededWhy).Count | Should -BeGreaterOrEqual 1
        @($manifest.parts | Where-Object { -not $_.supersededWhy -and $_.batchId } | ForEach-Object deployment | Sort-Object -Unique) | Should -Be @('gpt-4o-batch')
    }

    It 'stops with AllTargetsSetAside when no target can run batches' {
        $files = New-TicketParts 'none'
        { $files | Start-BlobBatch -Deployment no-such-deployment, gpt-4o-standard -PollIntervalSeconds 1 -WarningAction SilentlyContinue -ErrorAction Stop } |
            Should -Throw -ErrorId 'AllTargetsSetAside,BlobBatch.Commands.StartBlobBatchCommand'
    }
}

Describe 'A run over two resources' {
    BeforeAll {
        $script:west = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') -StorageConnectionString $stack.storageConnectionString `
            -Pacing @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0.01; Concurrency = 4; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 }
        $script:westContext = Connect-BlobBatch -Endpoint $west.Endpoint -ApiKey (ConvertTo-TestSecret $west.ApiKey) `
            -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString) -InputContainer $east.InputContainer -OutputContainer $east.OutputContainer -PassThru -Quiet
        Connect-BlobBatch @connection -Quiet
    }

    It 'spreads the parts over both, waits and saves them as one run, and reads the run back with both contexts' {
        $files = New-TicketParts 'two'
        $jobs = $files | Start-BlobBatch -Context $east, $westContext -PollIntervalSeconds 1
        @($jobs | ForEach-Object { $_.Context.Endpoint.Authority } | Sort-Object -Unique).Count | Should -Be 2
        $summary = $jobs | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'two-results')
        $summary.Succeeded | Should -Be $tickets.Count
        $summary.Reconciled | Should -BeTrue

        $again = Save-BatchResult -RunId $jobs[0].RunId -Context $east, $westContext -Path (Join-Path $TestDrive 'two-again')
        $again.Succeeded | Should -Be $tickets.Count
        $again.Reconciled | Should -BeTrue
        (Get-BlobBatchRun -RunId $jobs[0].RunId).Targets | Should -Match ([regex]::Escape($westContext.Endpoint.Authority))
        { Wait-BlobBatch -RunId $jobs[0].RunId -Context $east -ErrorAction Stop } | Should -Throw -ErrorId 'RunContextMismatch,BlobBatch.Commands.WaitBlobBatchCommand'
    }

    It 'refuses a target on other storage containers' {
        $files = New-TicketParts 'other'
        $elsewhere = Connect-BlobBatch -Endpoint $west.Endpoint -ApiKey (ConvertTo-TestSecret $west.ApiKey) `
            -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString) -InputContainer (New-TestContainer) -OutputContainer $east.OutputContainer -PassThru -Quiet
        Connect-BlobBatch @connection -Quiet
        { $files | Start-BlobBatch -Context $east, $elsewhere -ErrorAction Stop } | Should -Throw -ErrorId 'TargetStorageMismatch,BlobBatch.Commands.StartBlobBatchCommand'
    }
}
