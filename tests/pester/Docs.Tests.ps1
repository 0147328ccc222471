# Keeps the troubleshooting tables honest: every error id the code can raise, and every service
# validation code, is explained in README.md and in about_BlobBatch. Samples must parse.
BeforeDiscovery {
    $root = Join-Path $PSScriptRoot '../..'
    $pattern = '(?:BlobBatchException\(|InputErrors\.Line\(|new\(|ErrorRecord\()\s*(?:new [A-Za-z]+\([^)]*\),\s*)?"([A-Z][A-Za-z]+)",\s*(?:ErrorKind|"|ErrorCategory)'
    $ids = Get-ChildItem (Join-Path $root 'src/BlobBatch'), (Join-Path $root 'src/BlobBatch.Core') -Recurse -Filter *.cs |
        ForEach-Object { [regex]::Matches((Get-Content -Raw $_.FullName), $pattern) } |
        ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
    $idCases = $ids | ForEach-Object { @{ Id = $_ } }
    $codes = 'empty_file', 'invalid_json_line', 'too_many_tasks', 'url_mismatch', 'model_not_found', 'duplicate_custom_id',
        'model_mismatch', 'invalid_request', 'input_modified', 'input_no_permissions', 'token_limit_exceeded'
    $codeCases = $codes | ForEach-Object { @{ Code = $_ } }
    $sampleCases = Get-ChildItem (Join-Path $root 'samples') -Filter *.ps1 | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

BeforeAll {
    $root = Join-Path $PSScriptRoot '../..'
    $readme = Get-Content -Raw (Join-Path $root 'README.md')
    $about = Get-Content -Raw (Join-Path $root 'docs/en-US/about_BlobBatch.md')
}

Describe 'Troubleshooting coverage' {
    It 'finds the error ids in the code' -TestCases @{ Count = $idCases.Count } {
        $Count | Should -BeGreaterThan 50
    }

    It 'explains error id <Id> in README.md and about_BlobBatch' -TestCases $idCases {
        $readme | Should -Match "\b$Id\b"
        $about | Should -Match "\b$Id\b"
    }

    It 'explains service code <Code> in README.md and about_BlobBatch' -TestCases $codeCases {
        $readme | Should -Match "\b$Code\b"
        $about | Should -Match "\b$Code\b"
    }
}

Describe 'Samples' {
    It '<Name> parses' -TestCases $sampleCases {
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$errors)
        $errors | Should -BeNullOrEmpty
    }
}
