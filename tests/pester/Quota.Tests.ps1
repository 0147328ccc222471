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

    It 'splits a part larger than the whole queue into parts that fit, learning the limit from the refusal' {
        $files = $tickets | New-BatchInputFile -Deployment 'tight-batch' -UserTemplate 'Title: {Title}{nl}{Body}' -IdProperty TicketId -Path (Join-Path $TestDrive 'whole.jsonl')
        $files.EstimatedTokens | Should -BeGreaterThan $limit
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $jobs = $files | Start-BlobBatch -PollIntervalSeconds 1
        @($jobs).Count | Should -BeGreaterThan 1
        $summary = $jobs | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'whole')
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 120 -Because 'a part that can never fit is split, not retried for ever'
        $summary.Succeeded | Should -Be $tickets.Count
        $summary.Reconciled | Should -BeTrue
    }

    It 'refuses a request larger than the whole queue before creating anything' {
        $before = @(Get-BlobBatch).Count
        $files = $tickets | New-BatchInputFile -Deployment 'tight-batch' -UserTemplate 'Title: {Title}{nl}{Body}' -IdProperty TicketId -Path (Join-Path $TestDrive 'huge.jsonl')
        { $files | Start-BlobBatch -MaxEnqueuedTokens 10 -ErrorAction Stop } | Should -Throw -ErrorId 'PartExceedsQuota,BlobBatch.Commands.StartBlobBatchCommand'
        @(Get-BlobBatch).Count | Should -Be $before
    }
}

Describe 'A batch failed for a full queue (the older, non-fail-fast service)' {
    BeforeAll {
        $legacy = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') -StorageConnectionString $stack.storageConnectionString `
            -Pacing @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0.05; Concurrency = 1; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 } `
            -Deployments @([ordered]@{ name = 'legacy-batch'; model = 'gpt-4o'; sku = 'GlobalBatch'; maxEnqueuedTokens = 1500 }) -Settings @{ QuotaFailFast = 'false' }
        Connect-BlobBatch -Endpoint $legacy.Endpoint -ApiKey (ConvertTo-TestSecret $legacy.ApiKey) `
            -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString)
    }

    AfterAll {
        if ($legacy) { Stop-StackProcess -Id $legacy.ProcessId }
    }

    It 'is started again by Wait-BlobBatch, and the run manifest names the new batch' {
        $prompt = @{ Deployment = 'legacy-batch'; UserTemplate = 'Title: {Title}{nl}{Body}'; IdProperty = 'TicketId' }
        $first = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'legacy-a.jsonl') | Start-BlobBatch
        $state = Join-Path $TestDrive 'legacy-b.json'
        $second = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'legacy-b.jsonl') | Start-BlobBatch -StatePath $state
        $failed = Get-BlobBatch -Id $second.Id
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ($failed.Status -eq 'validating' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200; $failed = Get-BlobBatch -Id $second.Id }
        $failed.Status | Should -Be 'failed'
        $failed.Errors[0].Code | Should -Be 'token_limit_exceeded'

        $log = Wait-BlobBatch -StatePath $state -PollIntervalSeconds 1 -Verbose 4>&1
        $done = $log | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        ($log | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'started its part again'
        $done.Status | Should -Be 'completed'
        $done.Id | Should -Not -Be $second.Id
        (Get-Content -Raw $state | ConvertFrom-Json).parts[0].batchId | Should -Be $done.Id
        $summary = $done | Save-BatchResult -Path (Join-Path $TestDrive 'legacy')
        $summary.Succeeded | Should -Be $tickets.Count
        $summary.Reconciled | Should -BeTrue
        $null = $first | Wait-BlobBatch -PollIntervalSeconds 1
    }
}
