# A run survives its process: the manifest lets a brand-new pwsh wait for and save it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $deployment = $stack.deployments[0].name
    $tickets = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv')
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection
    $prompt = @{ Deployment = $deployment; SystemPrompt = 'Classify the ticket.'; UserTemplate = 'Title: {Title}{nl}{Body}'; IdProperty = 'TicketId' }
    $connect = @"
Import-Module '$(Get-TestModuleManifest)'
Connect-BlobBatch -Endpoint '$($stack.openaiEndpoint)' -ApiKey (ConvertTo-SecureString -AsPlainText -Force '$($stack.apiKey)') ``
    -StorageConnectionString (ConvertTo-SecureString -AsPlainText -Force '$($stack.storageConnectionString)')
"@
}

Describe 'Run manifest' {
    It 'records the run locally and beside the results, without secrets' {
        $state = Join-Path $TestDrive 'run.json'
        $jobs = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'm.jsonl') -MaxRequestsPerFile 16 | Start-BlobBatch -StatePath $state
        $manifest = Get-Content -Raw $state | ConvertFrom-Json
        $manifest.runId | Should -Be $jobs[0].RunId
        $manifest.parts.Count | Should -Be 2
        $manifest.parts.batchId | Should -Be $jobs.Id
        $manifest.parts | ForEach-Object { $_.sha256 | Should -Match '^[0-9a-f]{64}$' }
        "$(Get-TestBlobNames -Container $stack.outputContainer)" | Should -Match "$($manifest.runId)/manifest.json"
        $text = Get-Content -Raw $state
        $text | Should -Not -Match ([regex]::Escape($stack.apiKey))
        $text | Should -Not -Match 'AccountKey'
        $null = $jobs | Wait-BlobBatch -PollIntervalSeconds 1
    }

    It 'does not start the same run twice' {
        $state = Join-Path $TestDrive 'twice.json'
        $files = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 't.jsonl') -MaxRequestsPerFile 16
        $first = $files | Start-BlobBatch -StatePath $state
        $before = @(Get-BlobBatch).Count
        $second = $files | Start-BlobBatch -StatePath $state
        @(Get-BlobBatch).Count | Should -Be $before
        $second.Id | Should -Be $first.Id
        $null = $first | Wait-BlobBatch -PollIntervalSeconds 1
    }

    It 'waits and saves in a brand-new process from -StatePath and from -RunId' {
        $state = Join-Path $TestDrive 'resume.json'
        $jobs = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'r.jsonl') -MaxRequestsPerFile 10 | Start-BlobBatch -StatePath $state
        $runId = $jobs[0].RunId
        $out1 = Join-Path $TestDrive 'resumed-state'
        $out2 = Join-Path $TestDrive 'resumed-run'
        $result = Invoke-FreshPwsh -Script @"
`$ErrorActionPreference = 'Stop'
$connect
`$waited = Wait-BlobBatch -StatePath '$state' -PollIntervalSeconds 1
`$s1 = Save-BatchResult -StatePath '$state' -Path '$out1'
`$s2 = Save-BatchResult -RunId '$runId' -Path '$out2'
"`$(`$waited.Count)|`$(`$s1.Requests)|`$(`$s1.Reconciled)|`$(`$s2.Requests)|`$(`$s2.NotRun)"
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output[-1] | Should -Be "4|$($tickets.Count)|True|$($tickets.Count)|0"
    }

    It 'accounts for requests that never ran' {
        $path = Join-Path $TestDrive 'bad-model.jsonl'
        $lines = 1..3 | ForEach-Object { "{`"custom_id`":`"n$_`",`"method`":`"POST`",`"url`":`"/chat/completions`",`"body`":{`"model`":`"missing-deployment`",`"messages`":[{`"role`":`"user`",`"content`":`"hi`"}]}}" }
        Set-Content -LiteralPath $path -Value $lines -Encoding utf8NoBOM
        $rows = Start-BlobBatch -Path $path | Wait-BlobBatch -PollIntervalSeconds 1 |
            Save-BatchResult -Path (Join-Path $TestDrive 'notrun') -PassThru -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $rows.Count | Should -Be 3
        $rows | ForEach-Object { $_.ErrorCode | Should -Be 'not_run' }
        $summary = Get-Content -Raw (Join-Path $TestDrive 'notrun/summary.json') | ConvertFrom-Json
        $summary.notRun | Should -Be 3
        $summary.reconciled | Should -BeTrue
        ($summary.notRunIds | Sort-Object) | Should -Be @('n1', 'n2', 'n3')
    }

    It 'refuses to resume against another resource' {
        $state = Join-Path $TestDrive 'other.json'
        $null = $tickets | Select-Object -First 1 | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'o.jsonl') | Start-BlobBatch -StatePath $state
        $other = Connect-BlobBatch -Endpoint 'http://127.0.0.1:1' -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString) -PassThru
        { Wait-BlobBatch -StatePath $state -Context $other -ErrorAction Stop } | Should -Throw -ErrorId 'RunContextMismatch,BlobBatch.Commands.WaitBlobBatchCommand'
        $connection = Get-TestConnection $stack
        Connect-BlobBatch @connection
    }
}

Describe 'Resubmitting failed requests' {
    It 'reruns exactly the failed requests as part of the same run and keeps each latest outcome once' {
        $state = Join-Path $TestDrive 'retry.json'
        Set-EmulatorFaults @{ requestFailureRate = 0.4 }
        try {
            $first = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'retry.jsonl') -MaxRequestsPerFile 20 |
                Start-BlobBatch -StatePath $state | Wait-BlobBatch -PollIntervalSeconds 1 |
                Save-BatchResult -Path (Join-Path $TestDrive 'retry-1')
        }
        finally { Clear-EmulatorFaults }
        $first.Failed | Should -BeGreaterThan 0

        $retry = Start-BlobBatch -RetryFailed -StatePath $state
        $retry.Attempt | Select-Object -Unique | Should -Be 1
        ($retry | Measure-Object TotalRequests -Sum).Sum | Should -Be 0 -Because 'the counts are known only after validation'
        $null = $retry | Wait-BlobBatch -PollIntervalSeconds 1
        $retried = Get-Content (Join-Path $TestDrive "$($retry[0].RunId)-retry1.jsonl") | ForEach-Object { ($_ | ConvertFrom-Json).custom_id }
        ($retried | Sort-Object) | Should -Be ($first.FailedIds | Sort-Object)

        $final = Save-BatchResult -StatePath $state -Path (Join-Path $TestDrive 'retry-2')
        $final.Succeeded | Should -Be $tickets.Count
        $final.Failed | Should -Be 0
        $final.Reconciled | Should -BeTrue
        $ids = Get-Content (Join-Path $TestDrive 'retry-2/results.jsonl') | ForEach-Object { ($_ | ConvertFrom-Json).custom_id }
        ($ids | Sort-Object -Unique).Count | Should -Be $tickets.Count
        $ids.Count | Should -Be $tickets.Count

        Start-BlobBatch -RetryFailed -StatePath $state -Verbose 4>&1 | Out-String | Should -Match 'nothing to resubmit'
    }
}
