# samples/runbook.ps1 as Azure Automation runs it: started again and again in fresh processes with empty
# working folders, one of them killed mid-wait, until it reports done. The results must equal an
# uninterrupted run's, with the input columns joined, the done marker written and no batch created twice.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $runbook = (Resolve-Path (Join-Path $PSScriptRoot '../../samples/runbook.ps1')).Path
    $tickets = (Resolve-Path (Join-Path $PSScriptRoot '../../samples/tickets.csv')).Path
    # Slow enough to be killed mid-wait; a fifth of the requests fail every time (chosen by custom_id).
    $emulator = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') `
        -StorageConnectionString $stack.storageConnectionString -Settings @{ Faults__RequestFailureRate = 0.2 } `
        -Pacing @{ ValidatingSeconds = 2; RequestLatencySeconds = 0.4; Concurrency = 2; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 }
    $output = New-TestContainer -Prefix 'runbook'
    $context = Connect-BlobBatch -Endpoint $emulator.Endpoint -ApiKey (ConvertTo-TestSecret $emulator.ApiKey) `
        -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString) -OutputContainer $output -PassThru

    function Get-RunbookScript([string] $RunId, [double] $WaitMinutes) {
        @"
Set-Location (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('n')))).FullName
`$env:PSModulePath = '$(Split-Path -Parent (Split-Path -Parent (Split-Path -Parent (Get-TestModuleManifest))))' + [IO.Path]::PathSeparator + `$env:PSModulePath
& '$runbook' -Endpoint '$($emulator.Endpoint)' -OutputContainer '$output' -RunId '$RunId' -InputCsvPath '$tickets' -WaitMinutes $WaitMinutes -PollIntervalSeconds 1 ``
    -ApiKey (ConvertTo-SecureString '$($emulator.ApiKey)' -AsPlainText -Force) ``
    -StorageConnectionString (ConvertTo-SecureString `$env:BLOBBATCH_TEST_STORAGE -AsPlainText -Force)
"@
    }

    function Invoke-Runbook([string] $RunId, [double] $WaitMinutes) {
        (Invoke-FreshPwsh -Script (Get-RunbookScript $RunId $WaitMinutes) -Environment @{ BLOBBATCH_TEST_STORAGE = $stack.storageConnectionString }).Output
    }

    function Get-SavedResults([string] $RunId) {
        # What the run left in the output container: the joined CSV, in a stable order.
        (Get-TestBlobNames -Container $output) | Should -Contain "$RunId/saved/classified.csv" -Because 'the run saves into <run>/saved/'
        Get-TestBlobText -Container $output -Name "$RunId/saved/classified.csv" | ConvertFrom-Csv | Sort-Object CustomId
    }
}

AfterAll {
    if ($emulator) { Stop-StackProcess -Id $emulator.ProcessId; Remove-Item -Recurse -Force -LiteralPath $emulator.DataPath -ErrorAction SilentlyContinue }
}

Describe 'The runbook sample' {
    It 'finishes across fresh processes, one killed mid-wait, with the results of an uninterrupted run' {
        $interrupted = 'rb-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $steady = 'rb-' + [guid]::NewGuid().ToString('n').Substring(0, 8)

        # An uninterrupted run: one long start after another until done.
        $log = @()
        for ($i = 0; $i -lt 6 -and -not ($log -match '^DONE'); $i++) { $log += Invoke-Runbook $steady 5 }
        ($log -match '^DONE') | Should -Not -BeNullOrEmpty -Because ($log -join "`n")

        # The same run in short slices: the first start is killed while it waits.
        $script = Join-Path $TestDrive 'killed.ps1'
        Set-Content -LiteralPath $script -Value (Get-RunbookScript $interrupted 5) -Encoding utf8NoBOM
        $env:BLOBBATCH_TEST_STORAGE = $stack.storageConnectionString
        try { $killed = Start-Process -FilePath ([Environment]::ProcessPath) -ArgumentList @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-File', $script) -PassThru }
        finally { Remove-Item Env:BLOBBATCH_TEST_STORAGE }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Get-BlobBatchRun -RunId $interrupted -Context $context -ErrorAction SilentlyContinue)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The first start never recorded its run.' }
            Start-Sleep -Milliseconds 200
        }
        Start-Sleep -Seconds 1
        Stop-Process -Id $killed.Id -Force
        $log = @()
        for ($i = 0; $i -lt 12 -and -not ($log -match '^DONE'); $i++) { $log += Invoke-Runbook $interrupted 0.02 }
        ($log -match '^DONE') | Should -Not -BeNullOrEmpty -Because ($log -join "`n")
        ($log -match '^WAITING') | Should -Not -BeNullOrEmpty -Because 'short slices leave batches running for the next start'
        @(Invoke-Runbook $interrupted 0.05) -match '^DONE: run .* is done' | Should -Not -BeNullOrEmpty -Because 'later schedules see the done marker'

        # The same answers, joined to the same input columns.
        $a = Get-SavedResults $steady
        $b = Get-SavedResults $interrupted
        $a.Count | Should -Be (Import-Csv $tickets).Count
        ($b | ForEach-Object { "$($_.CustomId)|$($_.Succeeded)|$($_.Title)|$($_.Content)" }) |
            Should -Be ($a | ForEach-Object { "$($_.CustomId)|$($_.Succeeded)|$($_.Title)|$($_.Content)" })
        @($b | Where-Object Succeeded -EQ 'False').Count | Should -BeGreaterThan 0 -Because 'the failing fifth stays failed after every attempt'

        # No batch created twice: one batch per input blob.
        $batches = @(Get-BlobBatch -Context $context)
        $blobs = @($batches | ForEach-Object { $_.InputBlob })
        ($blobs | Sort-Object -Unique).Count | Should -Be $blobs.Count
        (Get-BlobBatchRun -RunId $interrupted -Context $context).Done | Should -BeTrue
    }
}
