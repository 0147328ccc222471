# Large transfers through the real stack: a results file of several 4 MiB ranges comes back whole,
# every range checked against storage's MD5 and written in its place.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection
}

Describe 'Transfers' {
    It 'downloads a results file of several ranges byte for byte' {
        # Each answer echoes its ~9 KB prompt, so the output holds more than three 4 MiB ranges.
        $filler = 'The printer on floor three prints blank pages after the update; ' * 140
        $rows = 1..1500 | ForEach-Object { [pscustomobject]@{ Id = "big-$_"; Text = "$_ $filler $_" } }
        $expected = @{}
        foreach ($row in $rows) { $expected[$row.Id] = "echo: $($row.Text)" }

        $summary = $rows | New-BatchInputFile -Deployment 'gpt-4o-mini-batch' -UserTemplate '{Text}' -IdProperty Id -Path (Join-Path $TestDrive 'big.jsonl') |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'big')

        $summary.Reconciled | Should -BeTrue
        $summary.Succeeded | Should -Be 1500
        $results = Join-Path $TestDrive 'big/results.jsonl'
        (Get-Item $results).Length | Should -BeGreaterThan (3 * 4MB)
        $seen = 0
        foreach ($line in [IO.File]::ReadLines($results)) {
            $result = $line | ConvertFrom-Json
            $result.response.body.choices[0].message.content | Should -BeExactly $expected[$result.custom_id]
            $seen++
        }
        $seen | Should -Be 1500
    }
}
