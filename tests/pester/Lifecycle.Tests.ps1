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

Describe 'Kind to finished things' {
    It 'Get-BlobBatch | Stop-BlobBatch cancels the running batches and errors on none of the finished ones' {
        $finished = $tickets | Select-Object -First 1 | New-BatchInputFile @prompt -OutputPath (Join-Path $TestDrive 'finished.jsonl') |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
        $finished.Status | Should -Be 'completed'
        $running = @(Start-SlowJob 'running-1'; Start-SlowJob 'running-2')
        $errors = @()
        $warnings = @()

        Get-BlobBatch | Stop-BlobBatch -Confirm:$false -ErrorVariable errors -WarningVariable warnings -WarningAction SilentlyContinue

        $errors | Should -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match "Batch $($finished.Id) has already ended \(completed\); nothing to cancel"
        foreach ($job in $running) { (Get-BlobBatch -Id $job.Id).Status | Should -BeIn @('cancelling', 'cancelled') }
        (Get-BlobBatch -Id $finished.Id).Status | Should -Be 'completed'
    }

    It 'warns, without an error, for a snapshot of a batch that ended since' {
        $job = $tickets | Select-Object -First 1 | New-BatchInputFile @prompt -OutputPath (Join-Path $TestDrive 'snapshot.jsonl') | Start-BlobBatch
        $null = $job | Wait-BlobBatch -PollIntervalSeconds 1
        $errors = @()
        $job.Status | Should -Be 'validating' -Because 'the job piped in is the snapshot Start-BlobBatch returned'
        $job | Stop-BlobBatch -Confirm:$false -ErrorVariable errors -WarningVariable warnings -WarningAction SilentlyContinue
        $errors | Should -BeNullOrEmpty
        "$warnings" | Should -Match 'has already ended \(completed\)'
    }
}

Describe 'Runs seen from Get-BlobBatch' {
    It 'fills RunId and Attempt from the output path and the run''s manifest' {
        $job = $tickets | Select-Object -First 2 | New-BatchInputFile @prompt -OutputPath (Join-Path $TestDrive 'seen.jsonl') | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
        $seen = Get-BlobBatch -Id $job.Id
        $seen.RunId | Should -Be $job.RunId
        $seen.Attempt | Should -Be 0
        $seen.PartNumber | Should -Be 1
        $seen.RowMapPath | Should -Be $job.RowMapPath
        ($seen | Format-Table | Out-String -Width 200) | Should -Match "1/1\s+0\s+$([regex]::Escape($job.RunId))"
        (Get-BlobBatch -First 20 | Where-Object Id -EQ $job.Id).RunId | Should -Be $job.RunId
    }
}

Describe 'Wait-BlobBatch -AsJob' {
    It 'returns a job at once whose output is the finished batches' {
        $started = Start-SlowJob 'as-job'
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $wait = $started | Wait-BlobBatch -PollIntervalSeconds 1 -AsJob
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 3 -Because 'the job waits, not the command'
        $wait.PSJobTypeName | Should -Be 'BlobBatchWaitJob'
        (Get-Job -Id $wait.Id).Id | Should -Be $wait.Id
        $done = Receive-Job $wait -Wait -AutoRemoveJob
        $done.Id | Should -Be $started.Id
        $done.Status | Should -Be 'completed'
        $done.GetType().Name | Should -Be 'BlobBatchJob'
    }

    It 'stops only the waiting on Stop-Job, and says how to wait again' {
        $started = Start-SlowJob 'as-job-stopped'
        $wait = $started | Wait-BlobBatch -PollIntervalSeconds 1 -AsJob
        Start-Sleep -Milliseconds 500
        Stop-Job $wait
        $wait.State | Should -Be 'Stopped'
        ($wait.Warning | Out-String) | Should -Match 'Wait-BlobBatch -RunId'
        (Get-BlobBatch -Id $started.Id).Status | Should -Not -BeIn @('cancelling', 'cancelled')
        Remove-Job $wait
        $null = $started | Stop-BlobBatch -Confirm:$false
    }
}
