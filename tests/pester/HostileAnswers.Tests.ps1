# The hostile-answer corpus: a batch service (or something in front of it) that names blobs outside
# the configured containers, hands out ids that are paths, or answers with something that is no
# batch at all. Each answer stops with its own id, and the proof is outside the module: Azurite's
# debug log shows every request storage received (none may touch a canary), and the test folder
# shows every file written (none may appear outside -Path).
BeforeDiscovery {
    # {blob} is the blob endpoint, {port} its port, {canary} a container the module must never touch.
    $blobCases = @(
        @{ Case = 'an encoded traversal in output_blob'; Field = 'output_blob'; Value = '{blob}/batch-output/x%2F..%2F..%2F{canary}%2Fresults.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'an encoded traversal into the input container'; Field = 'output_blob'; Value = '{blob}/batch-output/run%2F..%2F..%2Fbatch-input%2Fcanary%2Fresults.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'more climbing, out of the account'; Field = 'output_blob'; Value = '{blob}/batch-output/x%2F..%2F..%2F..%2Fcanaryaccount%2Fbatch-output%2Fresults.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'a doubly encoded traversal'; Field = 'output_blob'; Value = '{blob}/batch-output/x%252F..%252F..%252F{canary}%252Fresults.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'dot segments as written'; Field = 'output_blob'; Value = '{blob}/batch-output/x/../../{canary}/results.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'encoded backslashes'; Field = 'output_blob'; Value = '{blob}/batch-output/x%5C..%5C..%5C{canary}%5Cresults.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'another name for the storage host'; Field = 'output_blob'; Value = 'http://localhost:{port}/devstoreaccount1/batch-output/canary/results.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'user info in output_blob'; Field = 'output_blob'; Value = 'http://canary:pw@127.0.0.1:{port}/devstoreaccount1/batch-output/x/results.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'a SAS query on output_blob'; Field = 'output_blob'; Value = '{blob}/batch-output/canary/results.jsonl?sv=2021-08-06&sig=CANARYSIG'; Id = 'OutputOutsideContainer' }
        @{ Case = 'an encoded traversal in error_blob'; Field = 'error_blob'; Value = '{blob}/batch-output/x%2F..%2F..%2F{canary}%2Ferrors.jsonl'; Id = 'OutputOutsideContainer' }
        @{ Case = 'an encoded traversal in input_blob'; Field = 'input_blob'; Value = '{blob}/batch-input/x%2F..%2F..%2F{canary}%2Finput.jsonl'; Id = 'InputOutsideContainer' }
        @{ Case = 'an input_blob in the output container'; Field = 'input_blob'; Value = '{blob}/batch-output/canary/input.jsonl'; Id = 'InputOutsideContainer' }
        @{ Case = 'an input_blob that is not a URL'; Field = 'input_blob'; Value = 'canary is not a url'; Id = 'InputOutsideContainer' }
    )
    $idCases = @(
        @{ Case = '../../x/pwn as the id of a batch got'; Operation = 'get'; Value = '../../canary/pwn'; Run = 'Get' }
        @{ Case = '. as the id of a batch got'; Operation = 'get'; Value = '.'; Run = 'Get' }
        @{ Case = '.. as the id of a batch waited for'; Operation = 'get'; Value = '..'; Run = 'Wait' }
        @{ Case = 'the id of another batch'; Operation = 'get'; Value = 'batch_00000000-0000-0000-0000-000000000000'; Run = 'Get' }
        @{ Case = 'a path as the id of a listed batch'; Operation = 'list'; Value = '../canary'; Run = 'List' }
        @{ Case = 'a path as the id of a created batch'; Operation = 'create'; Value = '../../canary/pwn'; Run = 'Start' }
    )
    $bodyCases = @(
        @{ Case = 'an HTML page for the list'; Operation = 'list'; Body = '<html><body>Sign in to continue</body></html>'; ContentType = 'text/html'; Run = 'List' }
        @{ Case = 'null for a created batch'; Operation = 'create'; Body = 'null'; ContentType = 'application/json'; Run = 'Start' }
        @{ Case = 'a list without data'; Operation = 'list'; Body = '{"object":"list"}'; ContentType = 'application/json'; Run = 'List' }
        @{ Case = 'a batch that is a number'; Operation = 'get'; Body = '{"object":"list","data":[7]}'; ContentType = 'application/json'; Run = 'Get' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/Stack.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/AzuriteRest.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force

    # A stack of its own: Azurite with a debug log of every request, and an emulator told what to answer.
    $data = Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-hostile-" + [guid]::NewGuid().ToString('n'))
    $requestLog = Join-Path $data 'azurite-debug.log'
    $azurite = Start-Azurite -AzuriteRoot (Resolve-Path (Join-Path $PSScriptRoot '../../tools/azurite')).Path -DataPath (Join-Path $data 'azurite') -DebugLogPath $requestLog
    $canary = 'canary-' + [guid]::NewGuid().ToString('n').Substring(0, 12)
    foreach ($container in 'batch-input', 'batch-output', $canary) { Set-AzuriteContainer -BlobEndpoint $azurite.BlobEndpoint -Name $container }
    foreach ($name in 'results.jsonl', 'errors.jsonl', 'input.jsonl', 'secret/results.jsonl') {
        Set-AzuriteBlob -BlobEndpoint $azurite.BlobEndpoint -Container $canary -Name $name -Text '{"custom_id":"canary","response":{"status_code":200}}'
    }
    Set-AzuriteBlob -BlobEndpoint $azurite.BlobEndpoint -Container 'batch-input' -Name 'canary/results.jsonl' -Text '{"custom_id":"canary"}'
    $emulator = Start-Emulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/BlobBatch.Emulator.dll') -StorageConnectionString $azurite.ConnectionString -DataPath (Join-Path $data 'emulator')
    $admin = $emulator.AdminEndpoint
    $connection = @{ Endpoint = $emulator.Endpoint; ApiKey = (ConvertTo-TestSecret $emulator.ApiKey); StorageConnectionString = (ConvertTo-TestSecret $azurite.ConnectionString) }
    Connect-BlobBatch @connection

    $rows = 1..4 | ForEach-Object { [pscustomobject]@{ Id = "h$_"; Text = "Ticket $_" } }
    $prompt = @{ Deployment = 'gpt-4o-batch'; UserTemplate = '{Text}'; IdProperty = 'Id' }
    $done = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'hostile.jsonl') | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1

    function Expand([string] $Text) {
        $Text.Replace('{blob}', $azurite.BlobEndpoint).Replace('{port}', "$($azurite.Port)").Replace('{canary}', $canary)
    }

    function Get-FileTree {
        @(Get-ChildItem -LiteralPath $TestDrive -Recurse -Force | ForEach-Object FullName | Sort-Object)
    }

    # The URLs storage was asked for since the log had $From lines; a sentinel request proves the log is written up to now.
    function Get-StorageRequests([int] $From) {
        $sentinel = 'sentinel-' + [guid]::NewGuid().ToString('n')
        $null = Invoke-AzuriteRequest -BlobEndpoint $azurite.BlobEndpoint -Path $sentinel -Query @{ restype = 'container' }
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        do {
            $lines = @(Get-Content -LiteralPath $requestLog)
            if ($lines.Count -gt $From -and ($lines[$From..($lines.Count - 1)] -match $sentinel)) { break }
            Start-Sleep -Milliseconds 100
        } while ([DateTime]::UtcNow -lt $deadline)
        @($lines | Select-Object -Skip $From | Where-Object { $_ -match 'RequestURL=(\S+)' -and $_ -notmatch $sentinel } | ForEach-Object { $Matches[1] })
    }

    # Runs the user's command, and proves it failed with the id while storage saw no canary and no file appeared outside -Path.
    function Assert-Refused([scriptblock] $Action, [string] $ErrorId, [string] $Folder) {
        $tree = Get-FileTree
        $from = @(Get-Content -LiteralPath $requestLog).Count
        $failure = { & $Action } | Should -Throw -ErrorId $ErrorId -PassThru
        $requests = Get-StorageRequests $from
        $requests | Where-Object { $_ -match 'canary' } | Should -BeNullOrEmpty -Because 'nothing outside the input and output containers may be requested'
        $requests | Where-Object { $_ -match '(%2F|/)\.\.(%2F|/)|%2F\.\.$|/\.\.$' } | Should -BeNullOrEmpty -Because 'no request may climb'
        $new = @(Get-FileTree | Where-Object { $tree -notcontains $_ -and (-not $Folder -or -not $_.StartsWith($Folder)) })
        $new | Should -BeNullOrEmpty -Because 'nothing may be written outside -Path'
        ($failure | Out-String) + $failure.Exception.ToString() | Should -Not -Match 'CANARYSIG' -Because 'a SAS in an answer is not repeated'
        $failure
    }
}

AfterAll {
    foreach ($process in $emulator, $azurite) { if ($process) { Stop-StackProcess -Id $process.ProcessId } }
    Remove-Item -LiteralPath $data -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Hostile blob URLs in the service''s answers' {
    AfterEach { Clear-EmulatorFaults -AdminEndpoint $admin }

    It 'refuses <Case> with <Id>, requesting nothing outside the containers' -TestCases $blobCases {
        Set-EmulatorFaults -AdminEndpoint $admin @{ rules = @(@{ kind = 'Rewrite'; operation = 'get'; field = $Field; value = (Expand $Value) }) }
        $job = Get-BlobBatch -Id $done[0].Id
        $folder = Join-Path $TestDrive ("save-" + [guid]::NewGuid().ToString('n'))
        $failure = Assert-Refused { $job | Save-BatchResult -Path $folder } "$Id,BlobBatch.Commands.SaveBatchResultCommand" $folder
        "$($failure.CategoryInfo.Category)" | Should -Be 'SecurityError'
        @(Get-ChildItem -LiteralPath $folder -Recurse -File -ErrorAction SilentlyContinue | Where-Object Name -NE '.blobbatch.lock') | Should -BeNullOrEmpty -Because 'no results were written'
    }

    It 'still saves the run once the answers are honest' {
        $summary = Get-BlobBatch -Id $done[0].Id | Save-BatchResult -Path (Join-Path $TestDrive 'honest')
        $summary.Succeeded | Should -Be $rows.Count
        $summary.Reconciled | Should -BeTrue
    }
}

Describe 'Hostile batch ids and bodies' {
    AfterEach { Clear-EmulatorFaults -AdminEndpoint $admin }

    BeforeAll {
        # Written here, so that all the commands under test write is their own.
        $startFiles = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'start.jsonl')

        function Invoke-Run([string] $Run) {
            switch ($Run) {
                'Get' { Get-BlobBatch -Id $done[0].Id }
                'Wait' { Wait-BlobBatch -Id $done[0].Id -PollIntervalSeconds 1 }
                'List' { Get-BlobBatch }
                'Start' { $startFiles | Start-BlobBatch }
            }
        }

        function Get-Command-Name([string] $Run) {
            @{ Get = 'GetBlobBatch'; Wait = 'WaitBlobBatch'; List = 'GetBlobBatch'; Start = 'StartBlobBatch' }[$Run]
        }
    }

    It 'refuses <Case> with InvalidServiceResponse before using it' -TestCases $idCases {
        Set-EmulatorFaults -AdminEndpoint $admin @{ rules = @(@{ kind = 'Rewrite'; operation = $Operation; field = 'id'; value = (Expand $Value) }) }
        $failure = Assert-Refused { Invoke-Run $Run } "InvalidServiceResponse,BlobBatch.Commands.$(Get-Command-Name $Run)Command" $null
        "$($failure.CategoryInfo.Category)" | Should -Be 'ProtocolError'
    }

    It 'refuses <Case> with InvalidServiceResponse' -TestCases $bodyCases {
        Set-EmulatorFaults -AdminEndpoint $admin @{ rules = @(@{ kind = 'Body'; operation = $Operation; statusCode = 200; body = $Body; contentType = $ContentType }) }
        $null = Assert-Refused { Invoke-Run $Run } "InvalidServiceResponse,BlobBatch.Commands.$(Get-Command-Name $Run)Command" $null
    }

    It 'stops reading <Case> at 16 MiB, in bounded memory' -TestCases @(
        @{ Case = 'a 256 MiB answer without a length'; Declare = $false; Budget = 64MB }
        @{ Case = 'a 256 MiB answer that says its length'; Declare = $true; Budget = 8MB }
    ) {
        Set-EmulatorFaults -AdminEndpoint $admin @{ rules = @(@{ kind = 'Huge'; operation = 'get'; sizeBytes = 256MB; declareLength = $Declare }) }
        $before = [GC]::GetTotalAllocatedBytes($true)
        $failure = { Get-BlobBatch -Id $done[0].Id } | Should -Throw -ErrorId 'InvalidServiceResponse,BlobBatch.Commands.GetBlobBatchCommand' -PassThru
        ([GC]::GetTotalAllocatedBytes($true) - $before) | Should -BeLessThan $Budget
        $failure.Exception.Message | Should -Match '16,777,216 bytes'
    }
}

Describe 'Bad result lines' {
    AfterEach { Clear-EmulatorFaults -AdminEndpoint $admin }

    It 'saves every readable line, reports each bad one with its line, and counts them' {
        $folder = 'hostile-' + [guid]::NewGuid().ToString('n')
        $answer = '{"custom_id":"ID","response":{"status_code":200,"request_id":"r","body":{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}}},"error":null}'
        $lines = @(
            $answer.Replace('ID', 'h1')                                                                   # 1: good
            'this is not json'                                                                            # 2: not JSON, no id
            '[{"custom_id":"h2"}]'                                                                        # 3: an array
            '{"custom_id":"h3","response":{"status_code":200,"body":' + ('[' * 300) + (']' * 300) + '}}'   # 4: too deep; its id is still read
            $answer.Replace('ID', 'h2').Replace('"error":null', ('"deep":' + ('[' * 70) + (']' * 70) + ',"error":null'))  # 5: deep but valid
            '{"custom_id":"h4\ud800","response":{"status_code":200}}'                                      # 6: not Unicode
        )
        Set-AzuriteBlob -BlobEndpoint $azurite.BlobEndpoint -Container 'batch-output' -Name "$folder/results.jsonl" -Text ($lines -join "`n")
        Set-EmulatorFaults -AdminEndpoint $admin @{ rules = @(@{ kind = 'Rewrite'; operation = 'get'; field = 'output_blob'; value = "$($azurite.BlobEndpoint)/batch-output/$folder/results.jsonl" }) }
        $path = Join-Path $TestDrive $folder

        $summary = Get-BlobBatch -Id $done[0].Id | Save-BatchResult -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $invalid = @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidResultLine,*' })
        $invalid.Count | Should -Be 4
        foreach ($line in 2, 3, 4, 6) { ($invalid.Exception.Message -join "`n") | Should -Match "Line $line of results.jsonl" }
        "$($invalid[0].CategoryInfo.Category)" | Should -Be 'InvalidData'
        @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'ReconciliationFailed,*' }).Count | Should -Be 1
        @(Get-Content (Join-Path $path 'results.jsonl') | ForEach-Object { ($_ | ConvertFrom-Json).custom_id }) | Should -Be @('h1', 'h2')
        ((Get-Content (Join-Path $path 'errors.jsonl')) | ConvertFrom-Json).error.code | Should -Be 'invalid_result_line'
        $written = Get-Content -Raw (Join-Path $path 'summary.json') | ConvertFrom-Json
        $written.invalidLines.Count | Should -Be 4
        $written.reconciled | Should -BeFalse
        ($summary.Succeeded, $summary.Failed, $summary.NotRun) | Should -Be @(2, 1, 1)
        $summary.NotRunIds | Should -Be @('h4')
    }
}
