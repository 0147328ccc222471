# Today's service: request lines today's batch models accept, and what the service refuses refused first.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection
    $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Id = "t$_"; Text = "Ticket $_ about the VPN" } }
    $prompt = @{ SystemPrompt = 'Classify.'; UserTemplate = '{Text}'; IdProperty = 'Id' }
    function Get-Body([string] $Path) { (Get-Content -LiteralPath $Path -TotalCount 1 | ConvertFrom-Json).body }
}

Describe 'Request lines for today''s models' {
    It 'writes max_completion_tokens, never max_tokens, for <Deployment>' -TestCases @(
        @{ Deployment = 'gpt-4o-batch' }, @{ Deployment = 'gpt-5-batch' }
    ) {
        $file = $rows | New-BatchInputFile @prompt -Deployment $Deployment -MaxTokens 300 -Path (Join-Path $TestDrive "$Deployment.jsonl")
        $body = Get-Body $file.Path
        $body.max_completion_tokens | Should -Be 300
        $body.PSObject.Properties.Name | Should -Not -Contain 'max_tokens'
    }

    It 'writes reasoning_effort for chat and reasoning.effort for Responses, and passes -ExtraBody through' {
        $chat = $rows | New-BatchInputFile @prompt -Deployment gpt-5-batch -ReasoningEffort Low -ExtraBody @{ seed = 7; service_tier = 'flex' } -Path (Join-Path $TestDrive 'effort.jsonl')
        $body = Get-Body $chat.Path
        $body.reasoning_effort | Should -Be 'low'
        $body.seed | Should -Be 7
        $body.service_tier | Should -Be 'flex'
        $responses = $rows | New-BatchInputFile @prompt -Deployment gpt-5-batch -RequestKind Responses -ReasoningEffort High -Path (Join-Path $TestDrive 'effort-r.jsonl')
        (Get-Body $responses.Path).reasoning.effort | Should -Be 'high'
    }

    It 'refuses <Case> before writing anything' -TestCases @(
        @{ Case = '-Temperature with a gpt-5 deployment'; Id = 'ParameterNotSupportedByModel'; Arguments = @{ Deployment = 'gpt-5-batch'; Temperature = 0.2 } }
        @{ Case = '-ReasoningEffort with -Model gpt-4o'; Id = 'ParameterNotSupportedByModel'; Arguments = @{ Deployment = 'contoso-batch'; Model = 'gpt-4o'; ReasoningEffort = 'Low' } }
        @{ Case = 'embeddings (-Endpoint, the old name)'; Id = 'EmbeddingsNotSupported'; Arguments = @{ Deployment = 'embed-batch'; Endpoint = 'Embeddings' } }
        @{ Case = 'a field -ExtraBody repeats'; Id = 'ExtraBodyConflict'; Arguments = @{ Deployment = 'gpt-4o-batch'; MaxTokens = 5; ExtraBody = @{ max_completion_tokens = 9 } } }
    ) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('n')))
        { $rows | New-BatchInputFile @prompt @Arguments -Path (Join-Path $folder 'x.jsonl') } |
            Should -Throw -ErrorId "$Id,BlobBatch.Commands.NewBatchInputFileCommand"
        @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
    }

    It 'writes embeddings only when asked to with -AllowEmbeddings' {
        $file = $rows | New-BatchInputFile @prompt -Deployment embed-batch -RequestKind Embeddings -AllowEmbeddings -Path (Join-Path $TestDrive 'embed.jsonl')
        (Get-Content -LiteralPath $file.Path -TotalCount 1 | ConvertFrom-Json).url | Should -Be '/embeddings'
    }

    It 'runs a reasoning model end to end on v1, Responses lines in a /chat/completions batch, with reasoning tokens' {
        $summary = $rows | New-BatchInputFile @prompt -Deployment gpt-5-batch -RequestKind Responses -ReasoningEffort Low -MaxTokens 200 -Path (Join-Path $TestDrive 'r.jsonl') |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'r-out')
        $summary.Succeeded | Should -Be 3
        $summary.Reconciled | Should -BeTrue
        $chat = $rows | New-BatchInputFile @prompt -Deployment gpt-5-batch -ReasoningEffort Minimal -MaxTokens 200 -Path (Join-Path $TestDrive 'c.jsonl') |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'c-out') -PassThru
        @($chat).Count | Should -Be 3
        $chat | ForEach-Object { $_.StatusCode | Should -Be 200 }
    }
}
