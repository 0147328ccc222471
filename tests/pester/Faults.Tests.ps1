# The fault matrix: throttling, 5xx bursts, dropped and slow connections, restarts of Azurite, the
# emulator and pwsh itself, and expiry. Every scenario ends with the run reconciled: nothing lost,
# nothing twice.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/AzuriteRest.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $emulatorDll = (Resolve-Path (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll')).Path
    $stackModule = (Resolve-Path (Join-Path $PSScriptRoot '../../tools/Stack.psm1')).Path
    $tickets = Import-Csv (Join-Path $PSScriptRoot '../../samples/tickets.csv')
    $prompt = @{ SystemPrompt = 'Classify the ticket.'; UserTemplate = 'Title: {Title}{nl}{Body}'; IdProperty = 'TicketId' }

    function Connect-Shared {
        $connection = Get-TestConnection $stack
        Connect-BlobBatch @connection
    }

    # Runs the tickets through the pipeline; returns the saved summary, which must reconcile.
    function Invoke-Run([string] $Name, [string] $Deployment = $stack.deployments[0].name, [int] $PartSize = 16, [hashtable] $Start = @{}) {
        $summary = $tickets | New-BatchInputFile @prompt -Deployment $Deployment -Path (Join-Path $TestDrive "$Name.jsonl") -MaxRequestsPerFile $PartSize |
            Start-BlobBatch @Start | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive $Name) -WarningAction SilentlyContinue
        Assert-Reconciled $summary $Name
        $summary
    }

    function Assert-Reconciled($Summary, [string] $Name) {
        $Summary.Reconciled | Should -BeTrue -Because "run $Name must account for every request once"
        ($Summary.Succeeded + $Summary.Failed + $Summary.NotRun) | Should -Be $tickets.Count
        $ids = @(Get-Content (Join-Path $TestDrive "$Name/results.jsonl")) + @(Get-Content (Join-Path $TestDrive "$Name/errors.jsonl")) |
            Where-Object { $_ } | ForEach-Object { ($_ | ConvertFrom-Json).custom_id }
        @($ids).Count | Should -Be @($ids | Sort-Object -Unique).Count -Because 'no request may appear twice'
    }

    function Get-FaultHits {
        (Invoke-RestMethod "$($stack.adminEndpoint)/faults").rules | Measure-Object hits -Sum | ForEach-Object Sum
    }

    function Start-Later([scriptblock] $Action, [object[]] $Arguments) {
        Start-ThreadJob -ScriptBlock $Action -ArgumentList $Arguments
    }
}

Describe 'Faults of the batch service' {
    BeforeEach { Connect-Shared }
    AfterEach { Clear-EmulatorFaults }

    It '<Case>: completes with nothing lost' -TestCases @(
        @{ Case = 'throttling on create'; Rules = @(@{ kind = 'Throttle'; operation = 'create'; count = 2; retryAfterMilliseconds = 300 }) }
        @{ Case = 'throttling on get'; Rules = @(@{ kind = 'Throttle'; operation = 'get'; count = 3; retryAfterMilliseconds = 300 }) }
        @{ Case = 'throttling with Retry-After as an HTTP date'; Rules = @(@{ kind = 'Throttle'; operation = 'get'; count = 2; retryAfterMilliseconds = 200; retryAfterAsDate = $true }) }
        @{ Case = 'a burst of 500 on create'; Rules = @(@{ kind = 'Status'; statusCode = 500; operation = 'create'; count = 3 }) }
        @{ Case = 'a burst of 503 on get'; Rules = @(@{ kind = 'Status'; statusCode = 503; operation = 'get'; count = 4 }) }
        @{ Case = 'dropped connections on get'; Rules = @(@{ kind = 'Drop'; operation = 'get'; count = 2 }) }
        @{ Case = 'slow answers'; Rules = @(@{ kind = 'Delay'; operation = 'get'; count = 2; delayMilliseconds = 1500 }) }
    ) {
        $batchesBefore = @(Get-BlobBatch).Count
        Set-EmulatorFaults @{ rules = $Rules }
        $summary = Invoke-Run ($Case -replace '\W', '-')
        $summary.Succeeded | Should -Be $tickets.Count
        Get-FaultHits | Should -Be ($Rules | Measure-Object count -Sum).Sum -Because 'every injected fault was met and survived'
        Clear-EmulatorFaults
        @(Get-BlobBatch).Count | Should -Be ($batchesBefore + 2) -Because 'retries created no second batch'
    }

    It 'throttling on list: Get-BlobBatch still pages through every batch' {
        $all = @(Get-BlobBatch).Count
        Set-EmulatorFaults @{ rules = @(@{ kind = 'Throttle'; operation = 'list'; count = 2; retryAfterMilliseconds = 300 }) }
        @(Get-BlobBatch).Count | Should -Be $all
        Get-FaultHits | Should -Be 2
    }

    It 'a dropped connection on create: retried, and the run still has one batch per part' {
        $batchesBefore = @(Get-BlobBatch).Count
        Set-EmulatorFaults @{ rules = @(@{ kind = 'Drop'; operation = 'create'; count = 1 }) }
        $summary = Invoke-Run 'drop-create'
        $summary.Succeeded | Should -Be $tickets.Count
        Clear-EmulatorFaults
        @(Get-BlobBatch).Count | Should -Be ($batchesBefore + 2)
    }

    It 'quota exhausted by another run, then freed: the second run waits and resubmits' {
        $tight = Start-Emulator -EmulatorDll $emulatorDll -StorageConnectionString $stack.storageConnectionString `
            -Pacing @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0.03; Concurrency = 1; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 } `
            -Deployments @([ordered]@{ name = 'tight-batch'; model = 'gpt-4o'; sku = 'GlobalBatch'; maxEnqueuedTokens = 1500 })
        try {
            Connect-BlobBatch -Endpoint $tight.Endpoint -ApiKey (ConvertTo-TestSecret $tight.ApiKey) -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString)
            $first = $tickets | New-BatchInputFile @prompt -Deployment 'tight-batch' -Path (Join-Path $TestDrive 'quota-a.jsonl') | Start-BlobBatch
            # A separate invocation knows nothing of the first: the service answers token_limit_exceeded.
            $log = $tickets | New-BatchInputFile @prompt -Deployment 'tight-batch' -Path (Join-Path $TestDrive 'quota-b.jsonl') |
                Start-BlobBatch -PollIntervalSeconds 1 -Verbose 4>&1
            ($log | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'token queue is full'
            $second = $log | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
            $a = $first | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'quota-a')
            $b = $second | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'quota-b')
            Assert-Reconciled $a 'quota-a'
            Assert-Reconciled $b 'quota-b'
            $b.Succeeded | Should -Be $tickets.Count
        }
        finally { Stop-StackProcess -Id $tight.ProcessId }
    }
}

Describe 'Restarts and expiry' {
    BeforeAll {
        # A stack of their own: these tests stop and start its processes.
        $azuritePort = Get-FreeLoopbackPort
        $azuriteData = Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-faults-azurite-" + [guid]::NewGuid().ToString('n'))
        $azuriteRoot = (Resolve-Path (Join-Path $PSScriptRoot '../../tools/azurite')).Path
        $azurite = Start-Azurite -AzuriteRoot $azuriteRoot -Port $azuritePort -DataPath $azuriteData
        foreach ($container in 'batch-input', 'batch-output') { Set-AzuriteContainer -BlobEndpoint $azurite.BlobEndpoint -Name $container }
        $emulatorPort = Get-FreeLoopbackPort
        $emulatorData = Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-faults-emulator-" + [guid]::NewGuid().ToString('n'))
        $slowPacing = @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0.1; Concurrency = 1; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 }
        $emulator = Start-Emulator -EmulatorDll $emulatorDll -StorageConnectionString $azurite.ConnectionString -Port $emulatorPort -DataPath $emulatorData -Pacing $slowPacing
        $pids = [System.Collections.Generic.List[int]]::new()
        $pids.Add($azurite.ProcessId); $pids.Add($emulator.ProcessId)
        $deployment = $emulator.Deployments[0].name

        function Connect-Own {
            Connect-BlobBatch -Endpoint $emulator.Endpoint -ApiKey (ConvertTo-TestSecret $emulator.ApiKey) -StorageConnectionString (ConvertTo-TestSecret $azurite.ConnectionString)
        }

        function Restart-AzuriteLater([double] $Seconds) {
            Stop-StackProcess -Id $azurite.ProcessId
            Start-Later -Arguments $stackModule, $azuriteRoot, $azuritePort, $azuriteData, $Seconds -Action {
                param($module, $root, $port, $data, $seconds)
                Import-Module $module
                Start-Sleep -Seconds $seconds
                Start-Azurite -AzuriteRoot $root -Port $port -DataPath $data
            }
        }

        function Restart-EmulatorLater([double] $Seconds) {
            Stop-StackProcess -Id $emulator.ProcessId
            Start-Later -Arguments $stackModule, $emulatorDll, $azurite.ConnectionString, $emulatorPort, $emulatorData, $emulator.ApiKey, $slowPacing, $Seconds -Action {
                param($module, $dll, $storage, $port, $data, $key, $pacing, $seconds)
                Import-Module $module
                Start-Sleep -Seconds $seconds
                Start-Emulator -EmulatorDll $dll -StorageConnectionString $storage -Port $port -DataPath $data -ApiKey $key -Pacing $pacing
            }
        }
    }

    AfterAll {
        Get-Job | Stop-Job -PassThru | Remove-Job -Force
        foreach ($id in $pids) { Stop-StackProcess -Id $id }
        foreach ($path in $azuriteData, $emulatorData) { Remove-Item -Recurse -Force -LiteralPath $path -ErrorAction SilentlyContinue }
    }

    BeforeEach { Connect-Own }

    It 'Azurite down and back during the upload: the upload retries and the run completes' {
        $files = $tickets | New-BatchInputFile @prompt -Deployment $deployment -Path (Join-Path $TestDrive 'azurite-upload.jsonl') -MaxRequestsPerFile 16
        $job = Restart-AzuriteLater 1.5
        $jobs = $files | Start-BlobBatch
        $azurite = Receive-Job $job -Wait -AutoRemoveJob
        $pids.Add($azurite.ProcessId)
        $summary = $jobs | Wait-BlobBatch -PollIntervalSeconds 1 | Save-BatchResult -Path (Join-Path $TestDrive 'azurite-upload')
        Assert-Reconciled $summary 'azurite-upload'
        $summary.Succeeded | Should -Be $tickets.Count
    }

    It 'Azurite down and back during the download: the download retries' {
        $done = $tickets | New-BatchInputFile @prompt -Deployment $deployment -Path (Join-Path $TestDrive 'azurite-download.jsonl') -MaxRequestsPerFile 16 |
            Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
        $job = Restart-AzuriteLater 1.5
        $summary = $done | Save-BatchResult -Path (Join-Path $TestDrive 'azurite-download')
        $azurite = Receive-Job $job -Wait -AutoRemoveJob
        $pids.Add($azurite.ProcessId)
        Assert-Reconciled $summary 'azurite-download'
        $summary.Succeeded | Should -Be $tickets.Count
    }

    It 'the emulator restarted in the middle of a wait: the wait carries on and the batch finishes' {
        $jobs = $tickets | New-BatchInputFile @prompt -Deployment $deployment -Path (Join-Path $TestDrive 'emulator-restart.jsonl') -MaxRequestsPerFile 16 | Start-BlobBatch
        Start-Sleep -Milliseconds 800
        $job = Restart-EmulatorLater 1.5
        $done = $jobs | Wait-BlobBatch -PollIntervalSeconds 1
        $emulator = Receive-Job $job -Wait -AutoRemoveJob
        $pids.Add($emulator.ProcessId)
        $done | ForEach-Object { $_.Status | Should -Be 'completed' }
        $summary = $done | Save-BatchResult -Path (Join-Path $TestDrive 'emulator-restart')
        Assert-Reconciled $summary 'emulator-restart'
        $summary.Succeeded | Should -Be $tickets.Count
    }

    It 'the pwsh process killed mid-wait: a new process resumes from the manifest' {
        $state = Join-Path $TestDrive 'killed.json'
        $null = $tickets | New-BatchInputFile @prompt -Deployment $deployment -Path (Join-Path $TestDrive 'killed.jsonl') -MaxRequestsPerFile 16 | Start-BlobBatch -StatePath $state
        $connect = "Import-Module '$(Get-TestModuleManifest)'; Connect-BlobBatch -Endpoint '$($emulator.Endpoint)' -ApiKey (ConvertTo-SecureString -AsPlainText -Force '$($emulator.ApiKey)') -StorageConnectionString (ConvertTo-SecureString -AsPlainText -Force '$($azurite.ConnectionString)')"
        $script = Join-Path $TestDrive 'wait.ps1'
        Set-Content -LiteralPath $script -Value "$connect; Wait-BlobBatch -StatePath '$state' -PollIntervalSeconds 1"
        $hostPath = [Environment]::ProcessPath
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $script)
        if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { $arguments = @((Join-Path $PSHOME 'pwsh.dll')) + $arguments }
        $waiter = Start-Process -FilePath $hostPath -ArgumentList $arguments -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'wait.out')
        Start-Sleep -Seconds 2
        $waiter.HasExited | Should -BeFalse -Because 'the wait was still running when it was killed'
        $waiter.Kill($true)
        $result = Invoke-FreshPwsh -Script "$connect; `$null = Wait-BlobBatch -StatePath '$state' -PollIntervalSeconds 1; `$s = Save-BatchResult -StatePath '$state' -Path '$(Join-Path $TestDrive 'killed')'; `"`$(`$s.Succeeded)|`$(`$s.Reconciled)`""
        $result.Output[-1] | Should -Be "$($tickets.Count)|True" -Because ($result.Output -join "`n")
        Assert-Reconciled ([pscustomobject]@{ Reconciled = $true; Succeeded = $tickets.Count; Failed = 0; NotRun = 0 }) 'killed'
    }

    It 'a batch that expires keeps its finished results, and the rest are reported' {
        $expiring = Start-Emulator -EmulatorDll $emulatorDll -StorageConnectionString $azurite.ConnectionString -Settings @{ ExpirySeconds = 1.5 } `
            -Pacing @{ ValidatingSeconds = 0.1; RequestLatencySeconds = 0.15; Concurrency = 1; FinalizingSeconds = 0.1; CancellingSeconds = 0.1 }
        $pids.Add($expiring.ProcessId)
        Connect-BlobBatch -Endpoint $expiring.Endpoint -ApiKey (ConvertTo-TestSecret $expiring.ApiKey) -StorageConnectionString (ConvertTo-TestSecret $azurite.ConnectionString)
        $done = $tickets | New-BatchInputFile @prompt -Deployment $deployment -Path (Join-Path $TestDrive 'expired.jsonl') | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
        $done.Status | Should -Be 'expired'
        $summary = $done | Save-BatchResult -Path (Join-Path $TestDrive 'expired') -WarningAction SilentlyContinue
        Assert-Reconciled $summary 'expired'
        $summary.Succeeded | Should -BeGreaterThan 0
        $summary.Succeeded | Should -BeLessThan $tickets.Count
        $expiredLine = Get-Content (Join-Path $TestDrive 'expired/errors.jsonl') | Select-Object -First 1 | ConvertFrom-Json
        $expiredLine.error.code | Should -Be 'batch_expired'
    }
}
