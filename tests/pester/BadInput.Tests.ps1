# The bad-input corpus: each broken input stops with its own error id, says where, and leaves the
# input container and the batch list exactly as they were.
BeforeDiscovery {
    function Line([string] $Id = 'a', [string] $Model = 'gpt-4o-batch', [string] $Url = '/chat/completions', [string] $Method = 'POST', [string] $Content = 'hi') {
        "{`"custom_id`":`"$Id`",`"method`":`"$Method`",`"url`":`"$Url`",`"body`":{`"model`":`"$Model`",`"messages`":[{`"role`":`"user`",`"content`":`"$Content`"}]}}"
    }
    $rows = @([pscustomobject]@{ TicketId = 't1'; Title = 'Printer'; Body = 'jams' }, [pscustomobject]@{ TicketId = 't2'; Title = 'VPN'; Body = 'down' })
    $prompt = @{ Deployment = 'gpt-4o-batch'; UserTemplate = 'Title: {Title}'; IdProperty = 'TicketId' }
    $cmd = @{ New = ',BlobBatch.Commands.NewBatchInputFileCommand'; Start = ',BlobBatch.Commands.StartBlobBatchCommand'; Connect = ',BlobBatch.Commands.ConnectBlobBatchCommand' }

    # Each case: a JSONL body to write (Jsonl), or a script to run (Run); the id; a fragment of the message saying where.
    $jsonlCases = @(
        @{ Case = 'a malformed line'; Jsonl = @((Line 'a'), '{"custom_id": "b", oops'); Id = 'InvalidJsonLine'; Where = 'line 2' }
        @{ Case = 'a line that is a JSON array'; Jsonl = @('[1,2,3]'); Id = 'InvalidRequestLine'; Where = 'line 1' }
        @{ Case = 'a blank line between requests'; Jsonl = @((Line 'a'), '', (Line 'b')); Id = 'InvalidJsonLine'; Where = 'line 2' }
        @{ Case = 'duplicate ids'; Jsonl = @((Line 'a'), (Line 'b'), (Line 'a')); Id = 'DuplicateCustomId'; Where = 'line 3' }
        @{ Case = 'an empty id'; Jsonl = @((Line 'a'), (Line '')); Id = 'EmptyCustomId'; Where = 'line 2' }
        @{ Case = 'mixed deployments'; Jsonl = @((Line 'a'), (Line 'b' -Model 'other-batch')); Id = 'ModelMismatch'; Where = 'line 2' }
        @{ Case = 'mixed urls'; Jsonl = @((Line 'a'), (Line 'b' -Url '/responses')); Id = 'UrlMismatch'; Where = 'line 2' }
        @{ Case = 'a GET request'; Jsonl = @((Line 'a' -Method 'GET')); Id = 'InvalidRequestLine'; Where = 'line 1' }
        @{ Case = 'a missing body'; Jsonl = @('{"custom_id":"a","method":"POST","url":"/chat/completions"}'); Id = 'InvalidRequestLine'; Where = 'line 1' }
        @{ Case = 'a body without model'; Jsonl = @('{"custom_id":"a","method":"POST","url":"/chat/completions","body":{"messages":[]}}'); Id = 'InvalidRequestLine'; Where = 'line 1' }
        @{ Case = 'an unsupported url'; Jsonl = @((Line 'a' -Url '/images/generations')); Id = 'InvalidRequestLine'; Where = 'line 1' }
        @{ Case = 'a numeric custom_id'; Jsonl = @('{"custom_id":7,"method":"POST","url":"/chat/completions","body":{"model":"m"}}'); Id = 'InvalidRequestLine'; Where = 'line 1' }
        @{ Case = 'only blank lines'; Jsonl = @('', '', ''); Id = 'EmptyInput'; Where = 'no requests' }
        @{ Case = 'a lone \ud800 escape'; Jsonl = @((Line 'a'), (Line 'b' -Content 'x\ud800y')); Id = 'InvalidJsonLine'; Where = 'lone surrogate' }
        @{ Case = 'custom_id twice in a line'; Jsonl = @((Line 'a'), ((Line 'b') -replace '"custom_id":"b",', '"custom_id":"b","custom_id":"c",')); Id = 'InvalidJsonLine'; Where = 'repeats a property name' }
        @{ Case = 'model twice in a line'; Jsonl = @(((Line 'a') -replace '"model":', '"model":"other-batch","model":')); Id = 'InvalidJsonLine'; Where = 'line 1' }
        @{ Case = 'a line nested 300 deep'; Jsonl = @(((Line 'a') -replace '"messages":', ('"deep":' + ('[' * 300) + (']' * 300) + ',"messages":'))); Id = 'InvalidJsonLine'; Where = 'deeper than 256' }
        @{ Case = 'a deployment named ../../etc'; Jsonl = @((Line 'a' -Model '../../etc')); Id = 'InvalidDeploymentName'; Where = 'line 1' }
    )
    $encodingCases = @(
        @{ Case = 'a UTF-8 BOM'; Encoding = 'utf8BOM'; Id = 'InputHasBom'; Where = 'line 1' }
        @{ Case = 'UTF-16'; Encoding = 'unicode'; Id = 'InputNotUtf8'; Where = 'line 1' }
        @{ Case = 'UTF-16 big-endian'; Encoding = 'bigendianunicode'; Id = 'InputNotUtf8'; Where = 'line 1' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $secretKey = ConvertTo-TestSecret $stack.apiKey
    $storage = ConvertTo-TestSecret $stack.storageConnectionString
    Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $secretKey -StorageConnectionString $storage
    function Line([string] $Id = 'a', [string] $Model = 'gpt-4o-batch', [string] $Content = 'hi') {
        "{`"custom_id`":`"$Id`",`"method`":`"POST`",`"url`":`"/chat/completions`",`"body`":{`"model`":`"$Model`",`"messages`":[{`"role`":`"user`",`"content`":`"$Content`"}]}}"
    }
    $rows = @([pscustomobject]@{ TicketId = 't1'; Title = 'Printer'; Body = 'jams' }, [pscustomobject]@{ TicketId = 't2'; Title = 'VPN'; Body = 'down' })
    $prompt = @{ Deployment = 'gpt-4o-batch'; UserTemplate = 'Title: {Title}'; IdProperty = 'TicketId' }

    function Assert-NothingChanged([scriptblock] $Action, [string] $ErrorId, [string] $Where) {
        $blobs = @(Get-TestBlobNames -Container $stack.inputContainer).Count
        $batches = @(Get-BlobBatch).Count
        $failure = { & $Action } | Should -Throw -ErrorId $ErrorId -PassThru
        $failure.Exception.Message | Should -BeLike "*$Where*"
        @(Get-TestBlobNames -Container $stack.inputContainer).Count | Should -Be $blobs
        @(Get-BlobBatch).Count | Should -Be $batches
        Get-ChildItem -LiteralPath $TestDrive -Recurse -Force -Filter '*.tmp' | Should -BeNullOrEmpty -Because 'nothing is left half-written'
        $failure
    }
}

Describe 'A broken JSONL stops Start-BlobBatch and New-BatchInputFile' {
    It 'Start-BlobBatch refuses <Case> with <Id>' -TestCases $jsonlCases {
        $path = Join-Path $TestDrive "start-$([guid]::NewGuid().ToString('n')).jsonl"
        Set-Content -LiteralPath $path -Value $Jsonl -Encoding utf8NoBOM
        Assert-NothingChanged { Start-BlobBatch -Path $path } "$Id,BlobBatch.Commands.StartBlobBatchCommand" $Where
    }

    It 'New-BatchInputFile -LiteralPath refuses a file in <Case> with <Id>' -TestCases $encodingCases {
        $path = Join-Path $TestDrive "enc-$([guid]::NewGuid().ToString('n')).jsonl"
        Set-Content -LiteralPath $path -Value (Line 'a') -Encoding $Encoding
        Assert-NothingChanged { New-BatchInputFile -LiteralPath $path -Upload } "$Id,BlobBatch.Commands.NewBatchInputFileCommand" $Where
    }
}

Describe 'Other bad input stops before anything is uploaded or created' {
    It 'refuses invalid UTF-8' {
        $path = Join-Path $TestDrive 'bad-utf8.jsonl'
        $bytes = [System.Text.Encoding]::UTF8.GetBytes((Line 'a') + "`n" + (Line 'b' -Content 'caf_'))
        $bytes[$bytes.Length - 8] = 0xFF
        [System.IO.File]::WriteAllBytes($path, $bytes)
        Assert-NothingChanged { Start-BlobBatch -Path $path } 'InvalidUtf8,BlobBatch.Commands.StartBlobBatchCommand' 'line 2'
    }

    It 'refuses an empty file' {
        $path = Join-Path $TestDrive 'empty.jsonl'
        Set-Content -LiteralPath $path -Value $null -NoNewline
        Assert-NothingChanged { Start-BlobBatch -Path $path } 'EmptyInput,BlobBatch.Commands.StartBlobBatchCommand' 'no requests'
    }

    It 'refuses a line over the file size limit' {
        $path = Join-Path $TestDrive 'wide.jsonl'
        Set-Content -LiteralPath $path -Value @((Line 'a'), (Line 'b' -Content ('x' * 1100000))) -Encoding utf8NoBOM
        Assert-NothingChanged { New-BatchInputFile -LiteralPath $path -MaxFileSizeMB 1 -Upload } 'LineTooLarge,BlobBatch.Commands.NewBatchInputFileCommand' 'line 2'
    }

    It 'refuses too many lines without splitting' {
        $path = Join-Path $TestDrive 'many.jsonl'
        Set-Content -LiteralPath $path -Value @((Line 'a'), (Line 'b'), (Line 'c')) -Encoding utf8NoBOM
        Assert-NothingChanged { New-BatchInputFile -LiteralPath $path -MaxRequestsPerFile 2 -NoSplit -Upload } 'TooManyTasks,BlobBatch.Commands.NewBatchInputFileCommand' 'too_many_tasks'
    }

    It 'refuses rows over the limit without splitting' {
        Assert-NothingChanged { $rows | New-BatchInputFile @prompt -MaxRequestsPerFile 1 -NoSplit -Path (Join-Path $TestDrive 'nosplit.jsonl') | Start-BlobBatch } 'TooManyTasks,BlobBatch.Commands.NewBatchInputFileCommand' 'too_many_tasks'
    }

    It 'refuses another deployment than the one asked for' {
        $path = Join-Path $TestDrive 'other.jsonl'
        Set-Content -LiteralPath $path -Value (Line 'a' -Model 'other-batch') -Encoding utf8NoBOM
        Assert-NothingChanged { New-BatchInputFile -LiteralPath $path -Deployment 'gpt-4o-batch' -Upload } 'ModelMismatch,BlobBatch.Commands.NewBatchInputFileCommand' 'line 1'
    }

    It 'refuses a JSONL that does not exist' {
        Assert-NothingChanged { Start-BlobBatch -Path (Join-Path $TestDrive 'nope.jsonl') } 'InputFileNotFound,BlobBatch.Commands.StartBlobBatchCommand' 'nope.jsonl'
    }

    It 'refuses a CSV that does not exist' {
        Assert-NothingChanged { New-BatchInputFile -CsvPath (Join-Path $TestDrive 'nope.csv') @prompt -Upload } 'InputFileNotFound,BlobBatch.Commands.NewBatchInputFileCommand' 'nope.csv'
    }

    It 'refuses duplicate ids among rows' {
        $dup = @($rows[0], $rows[0])
        Assert-NothingChanged { $dup | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'dup.jsonl') | Start-BlobBatch } 'DuplicateCustomId,BlobBatch.Commands.NewBatchInputFileCommand' 'Row 2'
    }

    It 'refuses an empty id among rows' {
        $empty = @($rows[0], [pscustomobject]@{ TicketId = ''; Title = 'x'; Body = 'y' })
        Assert-NothingChanged { $empty | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'emptyid.jsonl') | Start-BlobBatch } 'EmptyCustomId,BlobBatch.Commands.NewBatchInputFileCommand' 'Row 2'
    }

    It 'refuses rows without the id property' {
        Assert-NothingChanged { $rows | New-BatchInputFile @prompt -IdProperty 'Number' -Path (Join-Path $TestDrive 'noid.jsonl') | Start-BlobBatch } 'IdPropertyMissing,BlobBatch.Commands.NewBatchInputFileCommand' 'Row 1'
    }

    It 'refuses a template naming a missing property' {
        Assert-NothingChanged { $rows | New-BatchInputFile -Deployment 'gpt-4o-batch' -UserTemplate '{Title} {Owner}' -Path (Join-Path $TestDrive 'tpl.jsonl') | Start-BlobBatch } 'TemplatePropertyMissing,BlobBatch.Commands.NewBatchInputFileCommand' "'Owner'"
    }

    It 'refuses a malformed template' {
        Assert-NothingChanged { $rows | New-BatchInputFile -Deployment 'gpt-4o-batch' -UserTemplate 'Title: {Title' -Path (Join-Path $TestDrive 'tpl2.jsonl') | Start-BlobBatch } 'InvalidTemplate,BlobBatch.Commands.NewBatchInputFileCommand' 'character 8'
    }

    It 'refuses rows with no prompt at all' {
        Assert-NothingChanged { $rows | New-BatchInputFile -Deployment 'gpt-4o-batch' -Path (Join-Path $TestDrive 'noprompt.jsonl') | Start-BlobBatch } 'NoPromptGiven,BlobBatch.Commands.NewBatchInputFileCommand' '-UserTemplate'
    }

    It 'refuses a message script that returns neither text nor messages' {
        Assert-NothingChanged { $rows | New-BatchInputFile -Deployment 'gpt-4o-batch' -MessageScript { 42 } -Path (Join-Path $TestDrive 'script.jsonl') | Start-BlobBatch } 'InvalidMessageScriptOutput,BlobBatch.Commands.NewBatchInputFileCommand' 'row 1'
    }

    It 'refuses a response format that is not a schema object' {
        Assert-NothingChanged { $rows | New-BatchInputFile @prompt -ResponseFormat '[1,2]' -Path (Join-Path $TestDrive 'schema.jsonl') | Start-BlobBatch } 'InvalidResponseFormat,BlobBatch.Commands.NewBatchInputFileCommand' 'JSON schema'
    }

    It 'refuses a deployment name with illegal characters' {
        Assert-NothingChanged { $rows | New-BatchInputFile -Deployment 'gpt 4o/batch' -UserTemplate '{Title}' -Path (Join-Path $TestDrive 'dep.jsonl') | Start-BlobBatch } 'InvalidDeploymentName,BlobBatch.Commands.NewBatchInputFileCommand' 'gpt 4o/batch'
    }

    It 'refuses an output path that exists without -Force' {
        $path = Join-Path $TestDrive 'exists.jsonl'
        Set-Content -LiteralPath $path -Value 'keep'
        Assert-NothingChanged { $rows | New-BatchInputFile @prompt -Path $path | Start-BlobBatch } 'OutputFileExists,BlobBatch.Commands.NewBatchInputFileCommand' 'exists.jsonl'
        Get-Content -LiteralPath $path | Should -Be 'keep'
    }

    It 'refuses an output folder that does not exist' {
        Assert-NothingChanged { $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'no/such/folder/x.jsonl') | Start-BlobBatch } 'OutputFolderNotFound,BlobBatch.Commands.NewBatchInputFileCommand' 'folder'
    }

    It 'refuses an unwritable output path' {
        Assert-NothingChanged { $rows | New-BatchInputFile @prompt -Path '/proc/1/blobbatch.jsonl' | Start-BlobBatch } 'OutputNotWritable,BlobBatch.Commands.NewBatchInputFileCommand' '/proc/1'
    }

    It 'refuses a missing input container' {
        $other = Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $secretKey -StorageConnectionString $storage -InputContainer 'no-such-input' -PassThru
        Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $secretKey -StorageConnectionString $storage
        $files = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'container.jsonl')
        Assert-NothingChanged { $files | Start-BlobBatch -Context $other } 'ContainerNotFound,BlobBatch.Commands.StartBlobBatchCommand' 'no-such-input'
        Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $secretKey -StorageConnectionString $storage
    }

    It 'refuses a wrong key before uploading' {
        $wrong = Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey (ConvertTo-TestSecret 'wrong-key-5d1c') -StorageConnectionString $storage -PassThru
        Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $secretKey -StorageConnectionString $storage
        $files = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'wrongkey.jsonl')
        Assert-NothingChanged { $files | Start-BlobBatch -Context $wrong } 'ServiceAuthenticationFailed,BlobBatch.Commands.StartBlobBatchCommand' '401'
        $failure = { $files | Start-BlobBatch -Context $wrong } | Should -Throw -PassThru
        ($failure | Out-String) + $failure.Exception.ToString() | Should -Not -Match 'wrong-key-5d1c'
    }

    It 'refuses a non-https endpoint for a remote host' {
        Assert-NothingChanged { Connect-BlobBatch -Endpoint 'http://contoso.openai.azure.com' -StorageConnectionString $storage } 'InsecureEndpoint,BlobBatch.Commands.ConnectBlobBatchCommand' 'https'
    }
}

Describe 'What used to escape as a raw exception stops with an id and a real category' {
    BeforeAll {
        $nul = Join-Path $TestDrive "nul`0here.jsonl"
        $files = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'raw.jsonl')
        $done = $files | Start-BlobBatch | Wait-BlobBatch -PollIntervalSeconds 1
    }
    AfterEach { Clear-EmulatorFaults; Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $secretKey -StorageConnectionString $storage }

    It 'refuses a NUL in <Case> with InvalidPath before touching anything' -TestCases @(
        @{ Case = 'New-BatchInputFile -Path'; Command = 'NewBatchInputFile'; Script = '$rows | New-BatchInputFile @prompt -Path $nul' }
        @{ Case = 'New-BatchInputFile -LiteralPath'; Command = 'NewBatchInputFile'; Script = 'New-BatchInputFile -LiteralPath $nul' }
        @{ Case = 'New-BatchInputFile -CsvPath'; Command = 'NewBatchInputFile'; Script = 'New-BatchInputFile -CsvPath $nul @prompt' }
        @{ Case = 'Start-BlobBatch -Path'; Command = 'StartBlobBatch'; Script = 'Start-BlobBatch -Path $nul' }
        @{ Case = 'Start-BlobBatch -StatePath'; Command = 'StartBlobBatch'; Script = '$files | Start-BlobBatch -StatePath $nul' }
        @{ Case = 'Save-BatchResult -Path'; Command = 'SaveBatchResult'; Script = '$done | Save-BatchResult -Path $nul' }
        @{ Case = 'Save-BatchResult -CsvPath'; Command = 'SaveBatchResult'; Script = '$done | Save-BatchResult -Path (Join-Path $TestDrive "nulcsv") -CsvPath $nul' }
        @{ Case = 'Wait-BlobBatch -StatePath'; Command = 'WaitBlobBatch'; Script = 'Wait-BlobBatch -StatePath $nul' }
    ) {
        $failure = Assert-NothingChanged ([scriptblock]::Create($Script)) "InvalidPath,BlobBatch.Commands.${Command}Command" 'not a usable path'
        "$($failure.CategoryInfo.Category)" | Should -Be 'InvalidArgument'
    }

    It 'refuses a <Size> MB file without line breaks and a <Limit> MB part size in bounded memory (LineTooLarge)' -TestCases @(
        @{ Size = 24; Limit = 1 }
        @{ Size = 80; Limit = 60 }
    ) {
        $path = Join-Path $TestDrive "no-newline-$Size.jsonl"
        $file = [System.IO.File]::Create($path)
        try { $file.SetLength($Size * 1MB); $file.Write([System.Text.Encoding]::ASCII.GetBytes('{"custom_id":"a","body":"')) } finally { $file.Dispose() }
        $allocated = @{}
        $read = {
            $before = [GC]::GetTotalAllocatedBytes($true)
            try { New-BatchInputFile -LiteralPath $path -MaxFileSizeMB $Limit -Upload } finally { $allocated.Bytes = [GC]::GetTotalAllocatedBytes($true) - $before }
        }
        $null = Assert-NothingChanged $read 'LineTooLarge,BlobBatch.Commands.NewBatchInputFileCommand' 'line 1'
        $allocated.Bytes | Should -BeLessThan 8MB -Because 'a line longer than a part is measured and skipped, never held'
    }

    It 'takes a valid line nested 70 deep' {
        $path = Join-Path $TestDrive 'deep70.jsonl'
        Set-Content -LiteralPath $path -Value ((Line 'a') -replace '"messages":', ('"deep":' + ('[' * 70) + (']' * 70) + ',"messages":')) -Encoding utf8NoBOM
        (New-BatchInputFile -LiteralPath $path).RequestCount | Should -Be 1
    }

    It 'refuses <Case> from the service with InvalidServiceResponse (ProtocolError)' -TestCases @(
        @{ Case = 'malformed JSON'; Body = '{"id":"batch_'; ContentType = 'application/json' }
        @{ Case = 'an HTML page'; Body = '<html><body><h1>502 Bad Gateway</h1></body></html>'; ContentType = 'text/html' }
        @{ Case = 'an empty body'; Body = ''; ContentType = 'application/json' }
        @{ Case = 'null'; Body = 'null'; ContentType = 'application/json' }
        @{ Case = 'an array'; Body = '[{"id":"batch_00000000000000000000000000000000"}]'; ContentType = 'application/json' }
    ) {
        Set-EmulatorFaults @{ rules = @(@{ kind = 'Body'; operation = 'get'; statusCode = 200; body = $Body; contentType = $ContentType }) }
        $failure = { Get-BlobBatch -Id $done[0].Id } | Should -Throw -ErrorId 'InvalidServiceResponse,BlobBatch.Commands.GetBlobBatchCommand' -PassThru
        "$($failure.CategoryInfo.Category)" | Should -Be 'ProtocolError'
    }

    It 'refuses an input_blob that is not a URL with InputOutsideContainer' {
        Set-EmulatorFaults @{ rules = @(@{ kind = 'Rewrite'; operation = 'get'; field = 'input_blob'; value = 'not a url at all' }) }
        $job = Get-BlobBatch -Id $done[0].Id
        # The input blob is read (and so checked) only when the local part is gone, as in a fresh sandbox.
        $local = $job.InputPath
        if ($local) { Move-Item -LiteralPath $local -Destination "$local.away" }
        try {
            $failure = { $job | Save-BatchResult -Path (Join-Path $TestDrive 'not-a-url') } | Should -Throw -ErrorId 'InputOutsideContainer,BlobBatch.Commands.SaveBatchResultCommand' -PassThru
            "$($failure.CategoryInfo.Category)" | Should -Be 'SecurityError'
        }
        finally { if ($local) { Move-Item -LiteralPath "$local.away" -Destination $local } }
    }

    It 'reports a 500 on create after the retries as ServiceError (ResourceUnavailable)' {
        $more = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive 'five-hundred.jsonl')
        # A create is never retried blindly: after each 500 the run looks for a batch that reads the part's
        # blob (there is none, as the emulator refused before creating), then calls again; four calls in all.
        Set-EmulatorFaults @{ rules = @(@{ kind = 'Status'; statusCode = 500; operation = 'create'; count = 4 }) }
        $failure = { $more | Start-BlobBatch } | Should -Throw -ErrorId 'ServiceError,BlobBatch.Commands.StartBlobBatchCommand' -PassThru
        "$($failure.CategoryInfo.Category)" | Should -Be 'ResourceUnavailable'
        (Invoke-RestMethod "$($stack.adminEndpoint)/faults").rules[0].hits | Should -Be 4 -Because 'the error comes after the last of the create calls'
    }

    It 'refuses an Entra token for storage on an http endpoint at Connect (EntraTokenNeedsHttps)' {
        $failure = { Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $secretKey -BlobEndpoint $stack.blobEndpoint } |
            Should -Throw -ErrorId 'EntraTokenNeedsHttps,BlobBatch.Commands.ConnectBlobBatchCommand' -PassThru
        "$($failure.CategoryInfo.Category)" | Should -Be 'InvalidArgument'
    }

    It 'refuses an empty <Parameter> (EmptySecret)' -TestCases @(
        @{ Parameter = 'ApiKey'; Value = ''; Others = @{ StorageAccount = 'contosobatch' } }
        @{ Parameter = 'StorageSasToken'; Value = '  '; Others = @{ StorageAccount = 'contosobatch' } }
        @{ Parameter = 'StorageConnectionString'; Value = ''; Others = @{} }
    ) {
        $arguments = $Others.Clone()
        $arguments[$Parameter] = if ($Value) { ConvertTo-TestSecret $Value } else { [securestring]::new() }
        $failure = { Connect-BlobBatch -Endpoint 'https://contoso.openai.azure.com' @arguments } | Should -Throw -ErrorId 'EmptySecret,BlobBatch.Commands.ConnectBlobBatchCommand' -PassThru
        $failure.Exception.Message | Should -BeLike "*-$Parameter*"
    }

    It 'refuses the batch id <Id> before any request (InvalidBatchId)' -TestCases @(@{ Id = '.' }, @{ Id = '..' }, @{ Id = '../../x/pwn' }, @{ Id = 'batch_1' }) {
        $failure = { Get-BlobBatch -Id $Id } | Should -Throw -ErrorId 'InvalidBatchId,BlobBatch.Commands.GetBlobBatchCommand' -PassThru
        "$($failure.CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        { Stop-BlobBatch -Id $Id -Confirm:$false } | Should -Throw -ErrorId 'InvalidBatchId,BlobBatch.Commands.StopBlobBatchCommand'
        { Wait-BlobBatch -Id $Id -PollIntervalSeconds 1 } | Should -Throw -ErrorId 'InvalidBatchId,BlobBatch.Commands.WaitBlobBatchCommand'
    }

    It 'refuses the run id <RunId> (InvalidRunId)' -TestCases @(@{ RunId = '../x' }, @{ RunId = '.' }) {
        { Save-BatchResult -RunId $RunId -Path (Join-Path $TestDrive 'runid') } | Should -Throw -ErrorId 'InvalidRunId,BlobBatch.Commands.SaveBatchResultCommand'
    }

    It 'checks -StatePath in <Case> before uploading anything (<Id>)' -TestCases @(
        @{ Case = 'a missing folder'; Id = 'OutputFolderNotFound'; State = 'no/such/folder/run.json'; Where = 'no/such/folder' }
        @{ Case = 'a folder given as the file'; Id = 'OutputIsFolder'; State = '.'; Where = 'is a folder' }
    ) {
        $more = $rows | New-BatchInputFile @prompt -Path (Join-Path $TestDrive "state-$([guid]::NewGuid().ToString('n')).jsonl")
        $null = Assert-NothingChanged { $more | Start-BlobBatch -StatePath (Join-Path $TestDrive $State) } "$Id,BlobBatch.Commands.StartBlobBatchCommand" $Where
    }

    It 'refuses a -CsvPath that is <Name> of the -Path folder (OutputPathConflict), even with -Force' -TestCases @(@{ Name = 'results.jsonl' }, @{ Name = 'summary.json' }, @{ Name = 'errors.jsonl' }) {
        $folder = Join-Path $TestDrive "conflict-$Name"
        $null = $done | Save-BatchResult -Path $folder
        $before = Get-Content -Raw -LiteralPath (Join-Path $folder $Name)
        { $done | Save-BatchResult -Path $folder -CsvPath (Join-Path $folder $Name) -Force } | Should -Throw -ErrorId 'OutputPathConflict,BlobBatch.Commands.SaveBatchResultCommand'
        Get-Content -Raw -LiteralPath (Join-Path $folder $Name) | Should -Be $before
    }
}
