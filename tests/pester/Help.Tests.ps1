# Keeps help honest: every exported cmdlet and each of its parameters is documented, the help names
# no parameter the cmdlet lacks, its syntax and attributes match the cmdlet's own metadata, and every
# example parses. Runs against the built module, whose en-US folder the build compiles from docs/en-US.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-TestModuleManifest) -Force -PassThru
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    # The test cases are built from the cmdlets themselves, so a new cmdlet or parameter without help
    # fails by name rather than being skipped.
    $cmdlets = foreach ($command in $module.ExportedCmdlets.Values | Sort-Object Name) {
        $help = Get-Help $command.Name -Full -ErrorAction SilentlyContinue
        @{
            Name       = $command.Name
            Parameters = @($command.Parameters.Values | Where-Object { $common -notcontains $_.Name } | ForEach-Object { @{ Parameter = $_.Name } })
            Sets       = @($command.ParameterSets | ForEach-Object { @{ Set = $_.Name } })
            Examples   = @(if ($help -and $help.PSObject.Properties['examples'] -and $help.examples) {
                    $number = 0
                    foreach ($example in $help.examples.example) { $number++; @{ Number = $number; Code = [string]$example.code } }
                })
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-TestModuleManifest) -Force -PassThru
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-PipelineInputText {
        <# What platyPS and Get-Help write for a parameter's pipeline binding. #>
        param([System.Management.Automation.CommandParameterInfo] $Metadata)
        $kinds = @(if ($Metadata.ValueFromPipelineByPropertyName) { 'ByPropertyName' }; if ($Metadata.ValueFromPipeline) { 'ByValue' })
        if ($kinds.Count -eq 0) { 'False' } else { "True ($($kinds -join ', '))" }
    }

    function Get-TypeText {
        <# The type name help shows: Nullable<T> as T, without the namespace. #>
        param([type] $Type)
        $underlying = [Nullable]::GetUnderlyingType($Type)
        if ($underlying) { $underlying.Name } else { $Type.Name }
    }

    function Get-HelpParameters {
        param($Help)
        if (-not $Help.PSObject.Properties['parameters'] -or -not $Help.parameters) { return @() }
        @($Help.parameters.parameter)
    }

    function Get-ParagraphText {
        param($Description)
        (@($Description) | Where-Object { $_ } | ForEach-Object Text) -join ' '
    }
}

Describe 'The built module ships compiled help' {
    It 'has <File> in en-US' -ForEach @(@{ File = 'BlobBatch.dll-Help.xml' }, @{ File = 'about_BlobBatch.help.txt' }) {
        Join-Path $module.ModuleBase "en-US/$File" | Should -Exist -Because 'the build compiles docs/en-US with tools/HelpCompiler.psm1'
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $helpParameters = Get-HelpParameters $help
    }

    It 'has a synopsis from the help file' {
        # Without a help file Get-Help makes the synopsis from the syntax, so that is not a synopsis.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s"
    }

    It 'has a description' {
        Get-ParagraphText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, one of them a pipeline' {
        $Examples.Count | Should -BeGreaterOrEqual 2
        $pipelines = foreach ($example in $Examples) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.Code, [ref]$null, [ref]$null)
            $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.PipelineAst] -and $node.PipelineElements.Count -gt 1 }, $true)
        }
        @($pipelines).Count | Should -BeGreaterThan 0 -Because 'one example shows the cmdlet in a pipeline'
    }

    It 'example <Number> parses' -ForEach $Examples {
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$null, [ref]$errors)
        $errors | Should -BeNullOrEmpty -Because "example $Number of $Name is PowerShell a user will paste:`n$Code"
    }

    It 'documents -<Parameter>' -ForEach $Parameters {
        $documented = $helpParameters | Where-Object name -EQ $Parameter
        $documented | Should -Not -BeNullOrEmpty -Because "-$Parameter of $Name needs a '### -$Parameter' section"
        Get-ParagraphText $documented.description | Should -Not -BeNullOrEmpty
    }

    It 'gives -<Parameter> the type of the cmdlet' -ForEach $Parameters {
        $documented = $helpParameters | Where-Object name -EQ $Parameter
        $documented.type.name | Should -Be (Get-TypeText $command.Parameters[$Parameter].ParameterType)
    }

    It 'names no parameter the cmdlet lacks' {
        $extra = @($helpParameters.name | Where-Object { -not $command.Parameters.ContainsKey($_) -or $common -contains $_ })
        $extra | Should -BeNullOrEmpty
    }

    It 'has a syntax for parameter set <Set> with the same parameters, required, positions and pipeline input' -ForEach $Sets {
        $setInfo = $command.ParameterSets | Where-Object Name -EQ $Set
        $expected = @($setInfo.Parameters | Where-Object { $common -notcontains $_.Name })
        $names = @($expected.Name | Sort-Object)
        $syntax = @($help.syntax.syntaxItem | Where-Object {
                $listed = @(if ($_.PSObject.Properties['parameter']) { $_.parameter.name })
                (@($listed | Sort-Object) -join ',') -eq ($names -join ',')
            })
        $syntax | Should -HaveCount 1 -Because "help needs one syntax naming exactly: $($names -join ', ')"
        foreach ($parameter in $expected) {
            $shown = $syntax[0].parameter | Where-Object name -EQ $parameter.Name
            $where = "-$($parameter.Name) in set $Set"
            $shown.required | Should -Be $parameter.IsMandatory.ToString().ToLowerInvariant() -Because $where
            $shown.position | Should -Be $(if ($parameter.Position -lt 0) { 'named' } else { "$($parameter.Position)" }) -Because $where
            $shown.pipelineInput | Should -Be (Get-PipelineInputText $parameter) -Because $where
        }
    }

    It 'names every output type' {
        $documented = @(if ($help.PSObject.Properties['returnValues'] -and $help.returnValues) { $help.returnValues.returnValue.type.name })
        foreach ($type in $command.OutputType) { $documented | Should -Contain $type.Name }
    }
}

Describe 'about_BlobBatch' {
    BeforeAll { $about = Get-Help about_BlobBatch | Out-String }

    It 'is found by Get-Help' {
        $about | Should -Match '(?m)^TOPIC\s+about_BlobBatch'
        $about | Should -Match '(?m)^SHORT DESCRIPTION'
        $about | Should -Match '(?m)^TROUBLESHOOTING'
    }

    It 'explains the service validation code <Code>' -ForEach @(
        'empty_file', 'invalid_json_line', 'too_many_tasks', 'url_mismatch', 'model_not_found', 'duplicate_custom_id',
        'model_mismatch', 'invalid_request', 'input_modified', 'input_no_permissions', 'token_limit_exceeded' | ForEach-Object { @{ Code = $_ } }
    ) {
        $about | Should -Match "(?m)^\s+- $Code\b"
    }
}
