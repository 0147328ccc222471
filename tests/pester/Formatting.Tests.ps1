# Every output type has a table and a list view; what a person sees is checked, not just that it exists.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection
    $files = 1..3 | ForEach-Object { [pscustomobject]@{ Id = "f$_"; Title = "printer $_" } } |
        New-BatchInputFile -Deployment $stack.deployments[0].name -UserTemplate '{Title}' -IdProperty Id -Path (Join-Path $TestDrive 'f.jsonl')
    $job = $files | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
    $results = $job | Save-BatchResult -Path (Join-Path $TestDrive 'r') -PassThru
    $summary = $job | Save-BatchResult -Path (Join-Path $TestDrive 's')
}

Describe 'Formatting' {
    It 'has a table and a list view for <Type>' -TestCases @(
        @{ Type = 'BlobBatch.Core.Input.BatchInputFile' }, @{ Type = 'BlobBatch.Core.Jobs.BlobBatchJob' }, @{ Type = 'BlobBatch.Core.Results.BatchResult' },
        @{ Type = 'BlobBatch.Core.Results.RunSummary' }, @{ Type = 'BlobBatch.Core.Setup.SetupCheck' }, @{ Type = 'BlobBatch.Core.Jobs.RunTarget' }
    ) {
        $views = (Get-FormatData -TypeName $Type -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name }
        $views | Should -Contain 'TableControl'
        $views | Should -Contain 'ListControl'
    }

    It 'shows a target with its endpoint and deployments' {
        $table = New-BlobBatchTarget -Deployment one, two | Format-Table | Out-String -Width 200
        $table | Should -Match ([regex]::Escape($stack.openaiEndpoint.TrimEnd('/')))
        $table | Should -Match 'one, two'
    }

    It 'shows an input part as part n/m, requests, a human size and tokens' {
        $table = $files | Format-Table | Out-String -Width 200
        $table | Should -Match '1/1\s+3\s+\d+ B\s+\d+'
    }

    It 'shows a job with its counts and age' {
        $table = $job | Format-Table | Out-String -Width 200
        $table | Should -Match ([regex]::Escape($job.Id))
        $table | Should -Match "completed\s+3/0/3\s+1/1\s+0\s+$([regex]::Escape($job.RunId))\s+\d+[smhd]"
        $job.CreatedAt.Kind | Should -Be 'Local'
    }

    It 'shows a result with its status and the start of the content' {
        $table = $results | Format-Table | Out-String -Width 200
        $table | Should -Match 'f1\s+ok 200\s+echo'
    }

    It 'shows the summary as a list with reconciliation' {
        ($summary | Format-List | Out-String) | Should -Match 'Reconciled\s+: True'
    }
}
