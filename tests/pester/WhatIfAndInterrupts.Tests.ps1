# -WhatIf changes nothing; Ctrl+C stops the long cmdlets within a second and leaves no partial file;
# cmdlets leave the service and storage clients to the Core workflows.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack

    function Test-Writing([string] $Folder, [string] $Except = '') {
        # Well under way: a quarter of a megabyte of requests already written to a temporary part.
        @(Get-ChildItem -LiteralPath $Folder -Force | Where-Object { $_.Name -ne $Except -and $_.Length -gt 256KB }).Count -gt 0
    }

    function Stop-After([scriptblock] $Script, [scriptblock] $Started, [int] $TimeoutSeconds = 60) {
        # Runs $Script in its own runspace, waits until $Started says the work is under way, then stops it
        # as Ctrl+C does (PowerShell.Stop) and returns how long the stop took.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript($Script.ToString())
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
            while (-not (& $Started)) {
                if ($handle.IsCompleted) { throw "The work ended before it could be stopped: $($ps.Streams.Error | Out-String)" }
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The work did not start in time.' }
                Start-Sleep -Milliseconds 50
            }
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed
        }
        finally { $ps.Dispose() }
    }
}

Describe '-WhatIf changes nothing' {
    It 'New-BatchInputFile -WhatIf leaves the folder empty and returns nothing' {
        Connect-BlobBatch @connection
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'whatif')
        $output = 1..5 | ForEach-Object { [pscustomobject]@{ Id = "w$_"; Text = "Ticket $_" } } |
            New-BatchInputFile -Deployment gpt-4o-batch -UserTemplate '{Text}' -IdProperty Id -Path (Join-Path $folder 'in.jsonl') -Upload -WhatIf
        $output | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
    }

    It 'Test-BlobBatchSetup -Deployment -WhatIf uploads nothing and creates no batch' {
        $container = New-TestContainer -Prefix 'whatif'
        $context = Connect-BlobBatch @connection -InputContainer $container -PassThru
        $before = @(Get-BlobBatch -Context $context).Count
        $checks = Test-BlobBatchSetup -Context $context -Deployment gpt-4o-batch -WhatIf -WarningAction SilentlyContinue
        @(Get-TestBlobNames -Container $container) | Should -BeNullOrEmpty
        @(Get-BlobBatch -Context $context).Count | Should -Be $before
        @($checks | Where-Object { "$($_.Status)" -eq 'Skipped' -and $_.Detail -like 'Not run*' }).Count | Should -Be 2
    }
}

Describe 'Ctrl+C stops within a second' {
    It 'stops a 1M-row New-BatchInputFile -CsvPath and leaves no partial output' {
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'interrupt-csv')).FullName
        $csv = Join-Path $folder 'rows.csv'
        $writer = [System.IO.StreamWriter]::new($csv)
        $writer.WriteLine('Id,Text')
        for ($i = 1; $i -le 1000000; $i++) { $writer.Write('r'); $writer.Write($i); $writer.WriteLine(',The VPN drops every few minutes since the update') }
        $writer.Dispose()
        $script = [scriptblock]::Create("Import-Module '$(Get-TestModuleManifest)'; New-BatchInputFile -CsvPath '$csv' -Deployment gpt-4o-batch -UserTemplate '{Text}' -IdProperty Id -Path '$folder/out.jsonl'")
        $took = Stop-After $script { Test-Writing $folder -Except 'rows.csv' }
        $took.TotalSeconds | Should -BeLessThan 1
        @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('rows.csv')
    }

    It 'stops a 1M-row pipeline into New-BatchInputFile and leaves no partial output' {
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'interrupt-rows')).FullName
        $script = [scriptblock]::Create("Import-Module '$(Get-TestModuleManifest)'; 1..1000000 | ForEach-Object { [pscustomobject]@{ Id = `"r`$_`"; Text = 'The VPN drops' } } | New-BatchInputFile -Deployment gpt-4o-batch -UserTemplate '{Text}' -IdProperty Id -Path '$folder/out.jsonl'")
        $took = Stop-After $script { Test-Writing $folder }
        $took.TotalSeconds | Should -BeLessThan 1
        @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
    }

    It 'shows progress while New-BatchInputFile -LiteralPath validates, and stops it within a second' {
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'interrupt-jsonl')).FullName
        $jsonl = Join-Path $folder 'requests.jsonl'
        $writer = [System.IO.StreamWriter]::new($jsonl)
        for ($i = 1; $i -le 400000; $i++) {
            $writer.Write('{"custom_id":"r'); $writer.Write($i)
            $writer.WriteLine('","method":"POST","url":"/chat/completions","body":{"model":"gpt-4o-batch","messages":[{"role":"user","content":"The VPN drops every few minutes since the update"}]}}')
        }
        $writer.Dispose()
        $script = [scriptblock]::Create("Import-Module '$(Get-TestModuleManifest)'; New-BatchInputFile -LiteralPath '$jsonl' -MaxRequestsPerFile 50000")
        # Under way once its first progress record reached the pipeline (written there, not on a worker).
        $took = Stop-After $script { @($ps.Streams.Progress | Where-Object { $_.StatusDescription -like 'Checking requests*bytes' }).Count -gt 0 }
        $took.TotalSeconds | Should -BeLessThan 1
        @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('requests.jsonl')
    }

    It 'stops Wait-BlobBatch within a second, leaving the batch running' {
        $slow = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') `
            -StorageConnectionString $stack.storageConnectionString -Pacing @{ ValidatingSeconds = 600 }
        try {
            $context = Connect-BlobBatch -Endpoint $slow.Endpoint -ApiKey (ConvertTo-TestSecret $slow.ApiKey) -StorageConnectionString (ConvertTo-TestSecret $stack.storageConnectionString) -PassThru
            $job = [pscustomobject]@{ Id = 'w1'; Text = 'Ticket' } |
                New-BatchInputFile -Deployment gpt-4o-batch -UserTemplate '{Text}' -IdProperty Id -Path (Join-Path $TestDrive 'slow.jsonl') |
                Start-BlobBatch -Context $context
            $marker = Join-Path $TestDrive 'waiting.txt'
            $script = [scriptblock]::Create(@"
Import-Module '$(Get-TestModuleManifest)'
Connect-BlobBatch -Endpoint '$($slow.Endpoint)' -ApiKey (ConvertTo-SecureString '$($slow.ApiKey)' -AsPlainText -Force) -StorageConnectionString (ConvertTo-SecureString '$($stack.storageConnectionString)' -AsPlainText -Force)
Set-Content -LiteralPath '$marker' -Value 'waiting'
Wait-BlobBatch -Id '$($job.Id)' -PollIntervalSeconds 60
"@)
            $took = Stop-After $script { Test-Path -LiteralPath $marker }
            $took.TotalSeconds | Should -BeLessThan 1
            "$((Get-BlobBatch -Id $job.Id -Context $context).Status)" | Should -Be 'validating'
        }
        finally { Stop-StackProcess -Id $slow.ProcessId; Remove-Item -Recurse -Force -LiteralPath $slow.DataPath -ErrorAction SilentlyContinue }
    }

    It 'says how to wait again when -Timeout passes' {
        Connect-BlobBatch @connection
        $job = [pscustomobject]@{ Id = 't1'; Text = 'Ticket' } |
            New-BatchInputFile -Deployment gpt-4o-batch -UserTemplate '{Text}' -IdProperty Id -Path (Join-Path $TestDrive 'timeout.jsonl') |
            Start-BlobBatch -StatePath (Join-Path $TestDrive 'timeout-run.json')
        $null = $job | Wait-BlobBatch -Timeout 0 -ErrorVariable waitErrors -ErrorAction SilentlyContinue
        $waitErrors[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,BlobBatch.Commands.WaitBlobBatchCommand'
        $waitErrors[0].Exception.Message | Should -Match "wait again with: Wait-BlobBatch -RunId $($job.RunId)"
        $waitErrors[0].Exception.Message | Should -Not -Match 'save what is done'
    }
}

Describe 'Cmdlets are thin' {
    It 'no cmdlet drives a service or storage client itself' {
        $commands = Get-ChildItem (Join-Path $PSScriptRoot '../../src/BlobBatch/Commands') -Filter *.cs
        $commands.Count | Should -BeGreaterThan 5
        foreach ($file in $commands) {
            Get-Content -Raw -LiteralPath $file.FullName | Should -Not -Match '\b(BatchServiceClient|BlobContainerClient|BlobServiceClient|StorageClients)\b' -Because $file.Name
        }
    }
}
