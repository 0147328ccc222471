# End to end on the built module: Azurite for storage, the emulator for the batch service, real HTTP.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $deployment = $stack.deployments[0].name
    $tickets = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv')
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection
    $prompt = @{ Deployment = $deployment; SystemPrompt = 'Classify the ticket.'; UserTemplate = 'Title: {Title}{nl}{Body}'; IdProperty = 'TicketId' }
}

Describe 'The whole pipeline' {
    It 'takes a CSV through all four cmdlets and back to a joined CSV' {
        $csv = Join-Path $TestDrive 'classified.csv'
        $tickets |
            New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'whole.jsonl') |
            Start-BlobBatch |
            Wait-BlobBatch -PollIntervalSeconds 1 |
            Save-BatchResult -Path (Join-Path $TestDrive 'whole') -IncludeInput |
            Export-Csv $csv -NoTypeInformation

        $rows = Import-Csv $csv
        $rows.Count | Should -Be $tickets.Count
        ($rows.TicketId | Sort-Object) | Should -Be ($tickets.TicketId | Sort-Object)
        $rows | ForEach-Object { $_.Succeeded | Should -Be 'True' }
        $rows | ForEach-Object { $_.Content | Should -Not -BeNullOrEmpty }
        $printer = $rows | Where-Object TicketId -EQ 'T-1001'
        $printer.Title | Should -Be 'Printer on 3rd floor jams'
        $printer.Content | Should -Match 'Printer on 3rd floor jams'
        [int]$printer.PromptTokens | Should -BeGreaterThan 0
        $summary = Get-Content -Raw (Join-Path $TestDrive 'whole/summary.json') | ConvertFrom-Json
        $summary.requests | Should -Be $tickets.Count
        $summary.succeeded | Should -Be $tickets.Count
    }

    It 'splits a run into parts and merges them back' {
        $files = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'split.jsonl') -MaxRequestsPerFile 10
        $files.Count | Should -Be 4
        $jobs = $files | Start-BlobBatch
        $jobs.Count | Should -Be 4
        ($jobs.RunId | Select-Object -Unique).Count | Should -Be 1
        $summary = $jobs | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'split')
        $summary.Requests | Should -Be $tickets.Count
        $summary.BatchIds.Count | Should -Be 4
        (Get-Content (Join-Path $TestDrive 'split/results.jsonl')).Count | Should -Be $tickets.Count
        $ids = Get-Content (Join-Path $TestDrive 'split/results.jsonl') | ForEach-Object { ($_ | ConvertFrom-Json).custom_id }
        ($ids | Sort-Object -Unique).Count | Should -Be $tickets.Count
    }

    It 'runs on v1 by default, and still on the dated 2025-04-01-preview surface' {
        (Get-BlobBatchContext).ApiVersion | Should -Be 'v1'
        $dated = Connect-BlobBatch @connection -ApiVersion '2025-04-01-preview' -PassThru
        $summary = $tickets | Select-Object -First 4 | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'dated.jsonl') |
            Start-BlobBatch -Context $dated | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'dated')
        $summary.Succeeded | Should -Be 4
        $summary.Reconciled | Should -BeTrue
        (Get-BlobBatchContext).ApiVersion | Should -Be '2025-04-01-preview' -Because 'Connect makes the dated context the default'
        Connect-BlobBatch @connection
    }

    It 'emits one flat result per request with -PassThru' {
        $results = $tickets | Select-Object -First 3 | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'flat.jsonl') |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'flat') -PassThru
        $results.Count | Should -Be 3
        $results[0].GetType().Name | Should -Be 'BatchResult'
        $results | ForEach-Object { $_.StatusCode | Should -Be 200 }
    }
}

Describe 'Batches that do not fully succeed' {
    It 'reports a batch that fails validation with the service code and line' {
        $path = Join-Path $TestDrive 'unknown-deployment.jsonl'
        $line = '{"custom_id":"a","method":"POST","url":"/chat/completions","body":{"model":"no-such-deployment","messages":[{"role":"user","content":"hi"}]}}'
        Set-Content -LiteralPath $path -Value $line -Encoding utf8NoBOM
        $job = Start-BlobBatch -Path $path | Wait-BlobBatch -PollIntervalSeconds 1
        $job.Status | Should -Be 'failed'
        $job.Errors[0].Code | Should -Be 'model_not_found'
        $job.Errors[0].Line | Should -Be 1
        $errors = @()
        $null = $job | Save-BatchResult -Path (Join-Path $TestDrive 'failed') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'BatchValidationFailed,BlobBatch.Commands.SaveBatchResultCommand'
        "$($errors[0])" | Should -Match 'model_not_found \(line 1\)'
    }

    It 'saves a run where some requests failed, each in its file' {
        Set-EmulatorFaults @{ requestFailureRate = 0.5 }
        try {
            $summary = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'partial.jsonl') |
                Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'partial')
        }
        finally { Clear-EmulatorFaults }
        $summary.Failed | Should -BeGreaterThan 0
        $summary.Succeeded | Should -BeGreaterThan 0
        ($summary.Succeeded + $summary.Failed) | Should -Be $tickets.Count
        (Get-Content (Join-Path $TestDrive 'partial/errors.jsonl')).Count | Should -Be $summary.Failed
        (Get-Content (Join-Path $TestDrive 'partial/results.jsonl')).Count | Should -Be $summary.Succeeded
        $summary.FailedIds.Count | Should -Be $summary.Failed
    }
}

Describe 'Safety of the pipeline' {
    It 'uploads and creates nothing with -WhatIf' {
        $before = @(Get-TestBlobNames -Container $stack.inputContainer).Count
        $batchesBefore = @(Get-BlobBatch).Count
        $files = $tickets | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'whatif.jsonl')
        $jobs = $files | Start-BlobBatch -WhatIf
        $jobs | Should -BeNullOrEmpty
        @(Get-TestBlobNames -Container $stack.inputContainer).Count | Should -Be $before
        @(Get-BlobBatch).Count | Should -Be $batchesBefore
    }

    It 'refuses to overwrite saved results without -Force, and overwrites with it' {
        $jobs = $tickets | Select-Object -First 2 | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'twice.jsonl') |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
        $target = Join-Path $TestDrive 'twice'
        $null = $jobs | Save-BatchResult -Path $target
        $stamp = (Get-Item (Join-Path $target 'results.jsonl')).LastWriteTimeUtc
        { $jobs | Save-BatchResult -Path $target -ErrorAction Stop } | Should -Throw -ErrorId 'OutputFileExists,BlobBatch.Commands.SaveBatchResultCommand'
        (Get-Item (Join-Path $target 'results.jsonl')).LastWriteTimeUtc | Should -Be $stamp
        { $jobs | Save-BatchResult -Path $target -Force } | Should -Not -Throw
    }

    It 'refuses to save batches that have not finished' {
        $job = $tickets | Select-Object -First 1 | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'early.jsonl') | Start-BlobBatch
        { $job | Save-BatchResult -Path (Join-Path $TestDrive 'early') -ErrorAction Stop } | Should -Throw -ErrorId 'BatchNotFinished,BlobBatch.Commands.SaveBatchResultCommand'
        $null = $job | Wait-BlobBatch -PollIntervalSeconds 1
    }
}

Describe 'Bad input stops before anything is uploaded or created' {
    BeforeAll {
        $line = { param($id, $model = $deployment) "{`"custom_id`":`"$id`",`"method`":`"POST`",`"url`":`"/chat/completions`",`"body`":{`"model`":`"$model`",`"messages`":[{`"role`":`"user`",`"content`":`"hi`"}]}}" }
    }

    It 'stops on <Case> with <Id>' -TestCases @(
        @{ Case = 'duplicate ids'; Id = 'DuplicateCustomId,BlobBatch.Commands.NewBatchInputFileCommand'; Where = 'Row 2'
            Run = { @([pscustomobject]@{ TicketId = 'x'; Title = 'a'; Body = 'b' }, [pscustomobject]@{ TicketId = 'x'; Title = 'c'; Body = 'd' }) | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'dup.jsonl') | Start-BlobBatch } }
        @{ Case = 'a template naming a missing property'; Id = 'TemplatePropertyMissing,BlobBatch.Commands.NewBatchInputFileCommand'; Where = "'Missing'"
            Run = { $tickets | New-BatchInputFile -Deployment $deployment -UserTemplate '{Title} {Missing}' -Path (Join-Path $TestDrive 'missing.jsonl') | Start-BlobBatch } }
        @{ Case = 'an empty input'; Id = 'EmptyInput,BlobBatch.Commands.NewBatchInputFileCommand'; Where = 'No rows'
            Run = { @() | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'empty.jsonl') | Start-BlobBatch } }
        @{ Case = 'mixed deployments in a JSONL'; Id = 'ModelMismatch,BlobBatch.Commands.StartBlobBatchCommand'; Where = 'line 2'
            Run = { $p = Join-Path $TestDrive 'mixed.jsonl'; Set-Content $p -Encoding utf8NoBOM -Value @((& $line 'a'), (& $line 'b' 'other')); Start-BlobBatch -Path $p } }
        @{ Case = 'a JSONL with a broken line'; Id = 'InvalidJsonLine,BlobBatch.Commands.StartBlobBatchCommand'; Where = 'line 2'
            Run = { $p = Join-Path $TestDrive 'broken.jsonl'; Set-Content $p -Encoding utf8NoBOM -Value @((& $line 'a'), '{oops'); Start-BlobBatch -Path $p } }
        @{ Case = 'a JSONL with a BOM'; Id = 'InputHasBom,BlobBatch.Commands.StartBlobBatchCommand'; Where = 'line 1'
            Run = { $p = Join-Path $TestDrive 'bom.jsonl'; Set-Content $p -Encoding utf8BOM -Value (& $line 'a'); Start-BlobBatch -Path $p } }
        @{ Case = 'a JSONL with a BOM, validated by New-BatchInputFile'; Id = 'InputHasBom,BlobBatch.Commands.NewBatchInputFileCommand'; Where = 'line 1'
            Run = { $p = Join-Path $TestDrive 'bom2.jsonl'; Set-Content $p -Encoding utf8BOM -Value (& $line 'a'); New-BatchInputFile -LiteralPath $p } }
    ) {
        $blobsBefore = @(Get-TestBlobNames -Container $stack.inputContainer).Count
        $batchesBefore = @(Get-BlobBatch).Count
        $failure = { & $Run } | Should -Throw -ErrorId $Id -PassThru
        $failure.Exception.Message | Should -BeLike "*$Where*"
        @(Get-TestBlobNames -Container $stack.inputContainer).Count | Should -Be $blobsBefore
        @(Get-BlobBatch).Count | Should -Be $batchesBefore
        Get-ChildItem $TestDrive -Filter '*.tmp' -Force | Should -BeNullOrEmpty
    }
}

Describe 'The direct CSV path' {
    It 'reads the CSV in C# and writes the joined CSV the same way' {
        $csvIn = Join-Path $PSScriptRoot '../../samples/tickets.csv'
        $files = New-BatchInputFile -CsvPath $csvIn @prompt -Path (Join-Path $TestDrive 'direct.jsonl')
        $files.RequestCount | Should -Be $tickets.Count
        $summary = $files | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 |
            Save-BatchResult -Path (Join-Path $TestDrive 'direct') -CsvPath (Join-Path $TestDrive 'direct.csv')
        $summary.Reconciled | Should -BeTrue
        $rows = Import-Csv (Join-Path $TestDrive 'direct.csv')
        $rows.Count | Should -Be $tickets.Count
        ($rows[0].PSObject.Properties.Name -join ',') | Should -Be 'TicketId,Title,Body,Requester,CustomId,Succeeded,StatusCode,Content,FinishReason,Model,PromptTokens,CachedPromptTokens,CompletionTokens,ReasoningTokens,ErrorCode,ErrorMessage'
        $rows.TicketId | Should -Be $tickets.TicketId -Because 'rows come back in the order of the input'
        ($rows | Where-Object TicketId -EQ 'T-1020').Body | Should -Be ($tickets | Where-Object TicketId -EQ 'T-1020').Body
    }
}
