# Canary: run the whole pipeline with every stream on and look for the secrets everywhere it wrote.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $accountKey = ($stack.storageConnectionString -split ';' | Where-Object { $_ -like 'AccountKey=*' }).Substring('AccountKey='.Length)
    $secrets = @($stack.apiKey, $accountKey)
}

Describe 'Secrets never leak' {
    It 'appear in no stream, no file and no serialised object of a whole run' {
        $work = Join-Path $TestDrive 'canary'
        $null = New-Item -ItemType Directory -Path $work
        $captured = & {
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $InformationPreference = 'Continue'
            $connection = Get-TestConnection $stack
            $context = Connect-BlobBatch @connection -Validate -PassThru -Verbose -Debug
            $context
            $files = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv') | Select-Object -First 5 |
                New-BatchInputFile -Deployment $stack.deployments[0].name -UserTemplate '{Title}' -IdProperty TicketId -Path (Join-Path $work 'in.jsonl') -Verbose -Debug
            $files
            $jobs = $files | Start-BlobBatch -StatePath (Join-Path $work 'run.json') -Verbose -Debug
            $jobs
            $done = $jobs | Wait-BlobBatch -PollIntervalSeconds 1 -Verbose -Debug
            $done
            $done | Save-BatchResult -Path (Join-Path $work 'results') -IncludeInput -Verbose -Debug
            Get-BlobBatch -Id $done[0].Id -Verbose -Debug
            try { Get-BlobBatch -Id 'batch_does_not_exist' -ErrorAction Stop } catch { $_; $_.Exception.ToString() }
        } *>&1

        $captured.Count | Should -BeGreaterThan 10
        $text = @(
            $captured | Out-String -Width 500
            $captured | Format-List * -Force | Out-String -Width 500
            $captured | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] -and $_ -isnot [System.Management.Automation.ErrorRecord] } |
                ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 4 -WarningAction SilentlyContinue }
            Get-ChildItem -LiteralPath $work -Recurse -File | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }
        ) -join "`n"
        foreach ($secret in $secrets) {
            $text.Contains($secret) | Should -BeFalse -Because 'a secret must never be printed, logged or written'
        }
    }
}
