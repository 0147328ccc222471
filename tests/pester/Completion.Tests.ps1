# Tab completion: deployments and batch ids this session has seen, and container names from storage.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection
    function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
    $job = [pscustomobject]@{ Id = 'c1'; Title = 'Printer'; Body = 'jams' } |
        New-BatchInputFile -Deployment 'gpt-4o-mini-batch' -UserTemplate '{Title}' -IdProperty Id -Path (Join-Path $TestDrive 'c.jsonl') | Start-BlobBatch
}

Describe 'Argument completion' {
    It 'completes -Deployment with deployments used in this session' {
        Complete 'New-BatchInputFile -Deployment gpt-4o-m' | Should -Contain 'gpt-4o-mini-batch'
        Complete 'Test-BlobBatchSetup -Deployment gpt' | Should -Contain 'gpt-4o-mini-batch'
    }

    It 'completes -Id on <Command> with recent batches' -TestCases @(@{ Command = 'Get-BlobBatch' }, @{ Command = 'Wait-BlobBatch' }, @{ Command = 'Stop-BlobBatch' }) {
        $prefix = $job.Id.Substring(0, 10)
        Complete "$Command -Id $prefix" | Should -Contain $job.Id
    }

    It 'completes -RunId on <Command> with the runs this session has seen' -TestCases @(@{ Command = 'Save-BatchResult' }, @{ Command = 'Wait-BlobBatch' }, @{ Command = 'Start-BlobBatch' }) {
        Complete "$Command -RunId $($job.RunId.Substring(0, 9))" | Should -Contain $job.RunId
    }

    It 'completes -Price on <Command> with the shape, then with the prices used in this session' -TestCases @(@{ Command = 'Save-BatchResult' }, @{ Command = 'New-BatchInputFile' }, @{ Command = 'Start-BlobBatch' }) {
        Complete "$Command -Price " | Should -Contain '@{ Input = 0; CachedInput = 0; Output = 0 }'
        $null = [pscustomobject]@{ Id = 'p1'; Title = 'Printer' } |
            New-BatchInputFile -Deployment 'gpt-4o-mini-batch' -UserTemplate '{Title}' -IdProperty Id -OutputPath (Join-Path $TestDrive "price-$Command.jsonl") -Price @{ Input = 0.15; Output = 0.6 }
        Complete "$Command -Price " | Should -Contain '@{ Input = 0.15; CachedInput = 0.15; Output = 0.6 }'
    }

    It 'completes -RequestKind with its values' {
        Complete 'New-BatchInputFile -RequestKind Resp' | Should -Contain 'Responses'
    }

    It 'completes container names from the storage account' {
        $name = New-TestContainer -Prefix 'completion'
        Complete "Connect-BlobBatch -Endpoint x -InputContainer completion-" | Should -Contain $name
        Complete "Connect-BlobBatch -Endpoint x -OutputContainer batch-o" | Should -Contain 'batch-output'
    }
}
