# Results people use: answers as typed fields and columns in input order, usage and cost, files from
# the pipeline, and the renamed parameters still answering to their old names.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection -Quiet
    $tickets = @(Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv') | Select-Object -First 30)
    $schema = @{
        type                 = 'object'
        properties           = [ordered]@{
            category = @{ type = 'string'; enum = @('Hardware', 'Network', 'Access') }
            priority = @{ type = 'integer'; minimum = 1; maximum = 5 }
        }
        required             = @('category', 'priority')
        additionalProperties = $false
    }
    $prompt = @{ SystemPrompt = 'Classify the ticket.'; UserTemplate = 'Title: {Title}{nl}{Body}'; IdProperty = 'TicketId' }
    $price = @{ Input = 1.25; CachedInput = 0.125; Output = 10 }

    # One 30-row run in three parts on gpt-5 (it reasons), a quarter of its requests failed by the emulator.
    Set-EmulatorFaults @{ requestFailureRate = 0.25 }
    try {
        $jobs = $tickets | New-BatchInputFile @prompt -Deployment 'gpt-5-batch' -ResponseFormat $schema -OutputPath (Join-Path $TestDrive 'answers.jsonl') -MaxRequestsPerFile 10 |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
    }
    finally { Clear-EmulatorFaults }
}

Describe 'Answers as fields' {
    BeforeAll {
        $csv = Join-Path $TestDrive 'answers.csv'
        # Newest part first, as Get-BlobBatch would list them: the CSV still follows the input.
        $summary = $jobs[2], $jobs[1], $jobs[0] | Save-BatchResult -OutputPath (Join-Path $TestDrive 'csv-run') -ExpandAnswer -OutputCsvPath $csv -Price $price -WarningAction SilentlyContinue
        $rows = @(Import-Csv $csv)
        $objects = @($jobs | Save-BatchResult -OutputPath (Join-Path $TestDrive 'object-run') -ExpandAnswer -Price $price -WarningAction SilentlyContinue)
    }

    It 'writes a column for each answer field beside the input columns' {
        ($rows[0].PSObject.Properties.Name | Select-Object -First 7) -join ',' | Should -Be 'TicketId,Title,Body,Requester,category,priority,AnswerError'
    }

    It 'keeps the order of the input' {
        $rows.TicketId | Should -Be $tickets.TicketId
        $objects.CustomId | Should -Be $tickets.TicketId
    }

    It 'fills the fields of a succeeded row and types the integer as a number on the objects' {
        $succeeded = @($objects | Where-Object Succeeded)
        $succeeded.Count | Should -BeGreaterThan 0
        foreach ($result in $succeeded) {
            $result.category | Should -Be 'Hardware'
            $result.priority | Should -BeOfType [long]
            $result.priority | Should -BeGreaterOrEqual 1
            $result.AnswerError | Should -BeNullOrEmpty
        }
        $objects[0].PSObject.TypeNames[0] | Should -Be 'BlobBatch.Core.Results.BatchResult' -Because 'the result keeps its type and view'
    }

    It 'leaves the fields of a failed row empty and says why' {
        $failed = @($rows | Where-Object Succeeded -EQ 'False')
        $failed.Count | Should -BeGreaterThan 0 -Because 'the emulator failed a quarter of the requests'
        foreach ($row in $failed) {
            $row.category | Should -BeNullOrEmpty
            $row.priority | Should -BeNullOrEmpty
            $row.AnswerError | Should -Match '^the request failed'
        }
        ($rows | Where-Object Succeeded -EQ 'True').AnswerError | Where-Object { $_ } | Should -BeNullOrEmpty
    }

    It 'returns the summary when the answers go to a CSV' {
        $summary.GetType().Name | Should -Be 'RunSummary'
        $summary.Requests | Should -Be 30
    }
}

Describe 'Usage and cost' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'cost-run'
        $results = @($jobs | Save-BatchResult -OutputPath $folder -PassThru -Price $price -InformationVariable info -WarningAction SilentlyContinue)
        $summary = ($info | Where-Object { $_.Tags -contains 'BlobBatchSummary' }).MessageData
        $file = Get-Content -Raw (Join-Path $folder 'summary.json') | ConvertFrom-Json
    }

    It 'gives each request its cached and reasoning tokens, its model and its cost' {
        $answered = @($results | Where-Object Succeeded)
        foreach ($result in $answered) {
            $result.CachedPromptTokens | Should -Be 0
            $result.ReasoningTokens | Should -Be 256 -Because 'gpt-5 at the default (medium) effort'
            $result.Model | Should -Be 'gpt-5'
            $result.Cost | Should -Be ((($result.PromptTokens - $result.CachedPromptTokens) * 1.25 + $result.CachedPromptTokens * 0.125 + $result.CompletionTokens * 10) / 1000000)
        }
    }

    It 'puts cached and reasoning tokens, the price and the cost in summary.json' {
        $file.cachedPromptTokens | Should -Be 0
        $file.reasoningTokens | Should -Be (256 * @($results | Where-Object Succeeded).Count)
        $file.pricePerMillionTokens.output | Should -Be 10
        $file.models | Should -Be @('gpt-5')
        @($file.batches).Count | Should -Be 3
        $file.batches | ForEach-Object { $_.seconds | Should -BeGreaterOrEqual 0 }
    }

    It 'costs the run exactly the sum of its requests' {
        $sum = [decimal]0
        $results | ForEach-Object { if ($null -ne $_.Cost) { $sum += $_.Cost } }
        $summary.Cost | Should -Be $sum
        [decimal]$file.cost | Should -Be $sum
    }
}

Describe 'Before anything runs' {
    It 'shows input tokens and their cost on New-BatchInputFile''s output' {
        $file = $tickets | Select-Object -First 3 | New-BatchInputFile @prompt -Deployment 'gpt-4o-batch' -OutputPath (Join-Path $TestDrive 'priced.jsonl') -Price $price
        $file.EstimatedInputCost | Should -Be ($file.EstimatedTokens * 1.25 / 1000000)
        ($file | Format-Table | Out-String -Width 200) | Should -Match ("$($file.EstimatedTokens.ToString('N0'))\s+0[.,]\d+")
    }

    It 'shows input tokens and their cost in Start-BlobBatch -WhatIf' {
        $file = $tickets | Select-Object -First 3 | New-BatchInputFile @prompt -Deployment 'gpt-4o-batch' -OutputPath (Join-Path $TestDrive 'whatif.jsonl')
        # What if: goes to the host itself, so it is read from a fresh process's output.
        $said = (Invoke-FreshPwsh -Script @"
Import-Module '$(Get-TestModuleManifest)'
Connect-BlobBatch -Endpoint '$($stack.openaiEndpoint)' -ApiKey (ConvertTo-SecureString -AsPlainText -Force '$($stack.apiKey)') -StorageConnectionString (ConvertTo-SecureString -AsPlainText -Force '$($stack.storageConnectionString)') -Quiet
Start-BlobBatch -LiteralPath '$($file.Path)' -WhatIf -Price @{ Input = 2; Output = 8 }
"@).Output -join "`n"
        $said | Should -Match "3 requests \($($file.EstimatedTokens.ToString('N0', [cultureinfo]::InvariantCulture)) input tokens, input cost 0\.\d+\)"
    }
}

Describe 'Finished things' {
    It 'warns when a batch ends failed, with the service''s code, and the summary says why nothing ran' {
        $path = Join-Path $TestDrive 'no-model.jsonl'
        $line = '{"custom_id":"m1","method":"POST","url":"/chat/completions","body":{"model":"no-such-deployment","messages":[{"role":"user","content":"hi"}]}}'
        Set-Content -LiteralPath $path -Value $line -Encoding utf8NoBOM
        $done = Start-BlobBatch -LiteralPath $path | Wait-BlobBatch -PollIntervalSeconds 1 -WarningVariable warned -WarningAction SilentlyContinue
        $done.Status | Should -Be 'failed'
        "$warned" | Should -Match 'model_not_found'
        $summary = $done | Save-BatchResult -OutputPath (Join-Path $TestDrive 'no-model') -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $summary.Requests | Should -Be 1
        $summary.NotRun | Should -Be 1
        $summary.NotRunReason | Should -Match 'failed validation: model_not_found'
        ($summary | Format-List | Out-String) | Should -Match 'NotRunReason\s+: .*model_not_found'
    }
}

Describe 'The pipeline takes files' {
    It 'starts JSONL files piped from Get-ChildItem' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'jsonl-files')
        foreach ($n in 1, 2) {
            $null = $tickets | Select-Object -Skip ($n * 3) -First 3 | New-BatchInputFile @prompt -Deployment 'gpt-4o-batch' -OutputPath (Join-Path $folder "part$n.jsonl")
        }
        $started = @(Get-ChildItem (Join-Path $folder 'part?.jsonl') | Start-BlobBatch)
        $started.Count | Should -Be 2
        $summary = $started | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -OutputPath (Join-Path $TestDrive 'from-files')
        $summary.Succeeded | Should -Be 6
    }

    It 'reads CSV files piped from Get-ChildItem into one input' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'csv-files')
        $tickets | Select-Object -First 4 | Export-Csv (Join-Path $folder 'a.csv')
        $tickets | Select-Object -Skip 4 -First 5 | Export-Csv (Join-Path $folder 'b.csv')
        $file = Get-ChildItem (Join-Path $folder '*.csv') | Sort-Object Name |
            New-BatchInputFile @prompt -Deployment 'gpt-4o-batch' -OutputPath (Join-Path $TestDrive 'from-csv.jsonl')
        $file.RequestCount | Should -Be 9
        $rows = Get-Content $file.RowMapPath | ConvertFrom-Json
        $rows.custom_id | Should -Be ($tickets | Select-Object -First 9).TicketId
    }
}

Describe 'Old names still work' {
    It '<Command> -<Old> is an alias of -<New>' -TestCases @(
        @{ Command = 'New-BatchInputFile'; New = 'OutputPath'; Old = 'Path' }
        @{ Command = 'New-BatchInputFile'; New = 'InputCsvPath'; Old = 'CsvPath' }
        @{ Command = 'New-BatchInputFile'; New = 'RequestKind'; Old = 'Endpoint' }
        @{ Command = 'Save-BatchResult'; New = 'OutputPath'; Old = 'Path' }
        @{ Command = 'Save-BatchResult'; New = 'OutputCsvPath'; Old = 'CsvPath' }
        @{ Command = 'Start-BlobBatch'; New = 'LiteralPath'; Old = 'FullName' }
    ) {
        (Get-Command $Command).Parameters[$New].Aliases | Should -Contain $Old
    }

    It 'runs a whole pipeline written with the old names' {
        $csvIn = Join-Path $TestDrive 'old.csv'
        $tickets | Select-Object -First 3 | Export-Csv $csvIn
        $files = New-BatchInputFile -CsvPath $csvIn -Endpoint ChatCompletions @prompt -Deployment 'gpt-4o-batch' -Path (Join-Path $TestDrive 'old.jsonl')
        $summary = $files | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 |
            Save-BatchResult -Path (Join-Path $TestDrive 'old') -CsvPath (Join-Path $TestDrive 'old-out.csv')
        $summary.Succeeded | Should -Be 3
        (Import-Csv (Join-Path $TestDrive 'old-out.csv')).TicketId | Should -Be ($tickets | Select-Object -First 3).TicketId
    }
}
