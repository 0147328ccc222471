# A run bigger than the deployment's enqueued-token quota completes by waves, with no part failing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $tickets = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv')
    # About a third of the tickets' tokens: one part at a time fits, two do not.
    $limit = 600
    $tight = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') -StorageConnectionString $stack.storageConnectionString `
        -Pacing @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0.02; Concurrency = 2; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 } `
        -Deployments @([ordered]@{ name = 'tight-batch'; model = 'gpt-4o'; sku = 'GlobalBatch'; maxEnqueuedTokens = $limit })
    Connect-BlobBatch -Endpoint $tight.Endpoint -ApiKey (ConvertTo-TestSecret $tight.ApiKey) `
        -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString)
}

AfterAll {
    if ($tight) { Stop-StackProcess -Id $tight.ProcessId }
}

Describe 'Quota-aware submission' {
    It 'submits parts in waves under the enqueued-token limit and loses none' {
        $files = $tickets | New-BatchInputFile -Deployment 'tight-batch' -SystemPrompt 'Classify the ticket.' -UserTemplate 'Title: {Title}{nl}{Body}' `
            -IdProperty TicketId -Path (Join-Path $TestDrive 'waves.jsonl') -MaxTokensPerFile 400
        $files.Count | Should -BeGreaterThan 2
        ($files | Measure-Object EstimatedTokens -Sum).Sum | Should -BeGreaterThan $limit
        $verbose = @()
        $jobs = $files | Start-BlobBatch -PollIntervalSeconds 1 -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $verbose = $all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $jobs.Count | Should -Be $files.Count
        ($verbose.Message -match 'waits for room|token queue is full').Count | Should -BeGreaterThan 0
        $done = $jobs | Wait-BlobBatch -PollIntervalSeconds 1
        $done | ForEach-Object { $_.Status | Should -Be 'completed' }
        $summary = $done | Save-BatchResult -Path (Join-Path $TestDrive 'waves')
        $summary.Succeeded | Should -Be $tickets.Count
        $summary.Reconciled | Should -BeTrue
    }

    It 'refuses a part larger than the whole queue, learning the limit from the refusal' {
        $files = $tickets | New-BatchInputFile -Deployment 'tight-batch' -UserTemplate 'Title: {Title}{nl}{Body}' -IdProperty TicketId -Path (Join-Path $TestDrive 'whole.jsonl')
        $files.EstimatedTokens | Should -BeGreaterThan $limit
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        { $files | Start-BlobBatch -PollIntervalSeconds 1 -ErrorAction Stop } | Should -Throw -ErrorId 'PartExceedsQuota,BlobBatch.Commands.StartBlobBatchCommand'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'a part that can never fit is refused, not retried for ever'
    }

    It 'refuses a part larger than the whole queue before creating anything' {
        $files = $tickets | New-BatchInputFile -Deployment 'tight-batch' -UserTemplate 'Title: {Title}{nl}{Body}' -IdProperty TicketId -Path (Join-Path $TestDrive 'huge.jsonl')
        { $files | Start-BlobBatch -MaxEnqueuedTokens 100 -ErrorAction Stop } | Should -Throw -ErrorId 'PartExceedsQuota,BlobBatch.Commands.StartBlobBatchCommand'
    }
}
