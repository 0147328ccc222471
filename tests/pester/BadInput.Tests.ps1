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
