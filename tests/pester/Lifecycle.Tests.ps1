# Batches that take a while: a second emulator, paced slowly, against the same Azurite.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $slow = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') -StorageConnectionString $stack.storageConnectionString `
        -Pacing @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0.25; Concurrency = 1; FinalizingSeconds = 0.2; CancellingSeconds = 0.5 }
    $context = Connect-BlobBatch -Endpoint $slow.Endpoint -ApiKey (ConvertTo-TestSecret $slow.ApiKey) `
        -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString) -PassThru
    $tickets = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv')
    $prompt = @{ Deployment = $slow.Deployments[0].name; UserTemplate = 'Title: {Title}'; IdProperty = 'TicketId' }

    function Start-SlowJob([string] $Name) {
        $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive "$Name.jsonl") | Start-BlobBatch
    }

    function Wait-Started($Job, [int] $Completed = 1) {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            Start-Sleep -Milliseconds 200
            $Job = Get-BlobBatch -Id $Job.Id
        } while ($Job.CompletedRequests -lt $Completed -and [DateTime]::UtcNow -lt $deadline)
        $Job
    }
}

AfterAll {
    if ($slow) { Stop-StackProcess -Id $slow.ProcessId }
}

Describe 'Waiting, looking up and cancelling' {
    It 'stops waiting at -Timeout with a stable error and the jobs as they are' {
        $job = Start-SlowJob 'timeout'
        $errors = @()
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $result = $job | Wait-BlobBatch -PollIntervalSeconds 1 -Timeout 1 -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,BlobBatch.Commands.WaitBlobBatchCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $result.Id | Should -Be $job.Id
        $result.IsTerminal | Should -BeFalse
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20 -Because 'the wait ends at its timeout, not at the batch'
        $null = $job | Stop-BlobBatch -Confirm:$false
    }

    It 'finds batches by id and by status' {
        $job = Wait-Started (Start-SlowJob 'lookup')
        (Get-BlobBatch -Id $job.Id).Status | Should -Be 'in_progress'
        (Get-BlobBatch -Status in_progress).Id | Should -Contain $job.Id
        (Get-BlobBatch -Status completed).Id | Should -Not -Contain $job.Id
        @(Get-BlobBatch -First 1).Count | Should -Be 1
        $null = $job | Stop-BlobBatch -Confirm:$false
    }

    It 'cancels nothing with -WhatIf' {
        $job = Start-SlowJob 'whatif'
        $job | Stop-BlobBatch -WhatIf
        (Get-BlobBatch -Id $job.Id).Status | Should -Not -BeIn @('cancelling', 'cancelled')
        $null = $job | Stop-BlobBatch -Confirm:$false
    }

    It 'cancels a running batch and saves its partial results' {
        $job = Wait-Started (Start-SlowJob 'cancel') -Completed 3
        $cancelled = $job | Stop-BlobBatch -Wait -PollIntervalSeconds 1 -PassThru -Confirm:$false
        $cancelled.Status | Should -Be 'cancelled'
        $cancelled.CancelledAt | Should -Not -BeNullOrEmpty
        $summary = $cancelled | Save-BatchResult -Path (Join-Path $TestDrive 'cancelled') -WarningAction SilentlyContinue
        $summary.Succeeded | Should -BeGreaterOrEqual 3
        $summary.Succeeded | Should -BeLessThan $tickets.Count
        ($summary.Succeeded + $summary.Failed + $summary.NotRun) | Should -Be $tickets.Count
        $summary.Reconciled | Should -BeTrue
    }
}

Describe 'Waiting on many batches' {
    It 'refreshes many batches with list pages instead of a GET each' {
        $jobs = 1..12 | ForEach-Object {
            [pscustomobject]@{ TicketId = "many-$_"; Title = "t$_" } |
                New-BatchInputFile @prompt -Path (Join-Path $TestDrive "many-$_.jsonl") | Start-BlobBatch
        }
        $counting = @{ rules = @(
                @{ kind = 'Delay'; delayMilliseconds = 0; operation = 'get'; count = 100000 }
                @{ kind = 'Delay'; delayMilliseconds = 0; operation = 'list'; count = 100000 }) }
        $null = Invoke-RestMethod -Method Post -Uri "$($slow.AdminEndpoint)/faults" -ContentType 'application/json' -Body ($counting | ConvertTo-Json -Depth 5)
        try {
            $done = $jobs | Wait-BlobBatch -PollIntervalSeconds 1
            $rules = (Invoke-RestMethod "$($slow.AdminEndpoint)/faults").rules
        }
        finally { $null = Invoke-RestMethod -Method Delete -Uri "$($slow.AdminEndpoint)/faults" }
        $done | ForEach-Object { $_.Status | Should -Be 'completed' }
        $gets = ($rules | Where-Object operation -EQ 'get').hits
        $lists = ($rules | Where-Object operation -EQ 'list').hits
        # Ten or more unfinished: one list page a round covers them; fewer: a GET each.
        $lists | Should -BeGreaterThan 0
        ($gets + $lists) | Should -BeLessThan 12 -Because 'the whole wait cost less than one round of a GET per batch'
    }
}
