# Compiles the markdown help in docs/<culture> into what Get-Help reads: one MAML file for the cmdlets
# and a plain-text about topic. platyPS cannot be installed here, so this reads the subset of its
# markdown shape that our docs use and fails loudly on anything it does not understand, so a typo in
# the docs breaks the build instead of silently dropping help.
Set-StrictMode -Version Latest

$script:MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:RequiredSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS'
$script:RequiredYamlKeys = 'Type', 'Parameter Sets', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters'
$script:AboutWidth = 80

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Compiles <Cmdlet>.md files into <external help file> (MAML) and about_*.md into about_*.help.txt.
    .OUTPUTS
    The files written.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)][string] $SourcePath,
        [Parameter(Mandatory)][string] $DestinationPath
    )
    $files = @(Get-ChildItem -LiteralPath $SourcePath -Filter *.md -File | Sort-Object Name)
    if ($files.Count -eq 0) { New-HelpSourceError 'NoHelpSources' $SourcePath "No markdown help files in '$SourcePath'." }
    $null = New-Item -ItemType Directory -Force -Path $DestinationPath

    $commands = foreach ($file in $files | Where-Object Name -NotLike 'about_*') { ConvertFrom-CommandMarkdown -Path $file.FullName }
    foreach ($group in @($commands) | Where-Object { $_ } | Group-Object HelpFile) {
        $target = Join-Path $DestinationPath $group.Name
        Write-MamlFile -Commands $group.Group -Path $target
        Get-Item -LiteralPath $target
    }

    foreach ($file in $files | Where-Object Name -Like 'about_*') {
        $topic = ConvertFrom-AboutMarkdown -Path $file.FullName
        $target = Join-Path $DestinationPath "$($topic.Name).help.txt"
        Set-Content -LiteralPath $target -Value (ConvertTo-AboutText -Topic $topic) -Encoding utf8NoBOM
        Get-Item -LiteralPath $target
    }
}

function New-HelpSourceError {
    # One id per kind of mistake, the file as target, so a failing build says exactly what to fix.
    param([string] $ErrorId, [string] $Target, [string] $Message)
    $exception = [System.IO.InvalidDataException]::new($Message)
    throw [System.Management.Automation.ErrorRecord]::new($exception, $ErrorId, 'InvalidData', $Target)
}

#region Markdown reading

function Read-MarkdownBlocks {
    <# Splits markdown into headings, fenced code blocks and paragraphs (runs of non-blank lines). #>
    param([Parameter(Mandatory)][AllowEmptyString()][AllowEmptyCollection()][string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $fence = $null
    foreach ($line in $Lines) {
        if ($null -ne $fence) {
            if ($line -match '^\s*```\s*$') { $blocks.Add($fence); $fence = $null }
            else { $fence.Lines.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*(?<lang>[\w-]*)\s*$') {
            Close-Paragraph $blocks $paragraph
            $fence = [pscustomobject]@{ Kind = 'Code'; Language = $Matches.lang.ToLowerInvariant(); Lines = [System.Collections.Generic.List[string]]::new() }
        }
        elseif ($line -match '^(?<hashes>#{1,6})\s+(?<text>.+?)\s*$') {
            Close-Paragraph $blocks $paragraph
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches.hashes.Length; Text = $Matches.text })
        }
        elseif ($line.Trim().Length -eq 0) { Close-Paragraph $blocks $paragraph }
        else { $paragraph.Add($line.TrimEnd()) }
    }
    if ($null -ne $fence) { throw 'A code block (```) is never closed.' }
    Close-Paragraph $blocks $paragraph
    , $blocks.ToArray()
}

function Close-Paragraph {
    param($Blocks, $Paragraph)
    if ($Paragraph.Count -gt 0) {
        $Blocks.Add([pscustomobject]@{ Kind = 'Paragraph'; Lines = $Paragraph.ToArray() })
        $Paragraph.Clear()
    }
}

function Split-FrontMatter {
    <# The YAML between the leading '---' lines as a hashtable, and the lines after it. #>
    param([string[]] $Lines)
    $front = @{}
    if ($Lines.Count -eq 0 -or $Lines[0].Trim() -ne '---') { return @{ FrontMatter = $front; Body = $Lines } }
    $end = [array]::FindIndex($Lines, 1, [Predicate[string]] { param($l) $l.Trim() -eq '---' })
    if ($end -lt 0) { throw "The front matter's closing '---' is missing." }
    foreach ($line in $Lines[1..($end - 1)]) {
        if ($line -match '^(?<key>[^:]+):\s*(?<value>.*)$') { $front[$Matches.key.Trim()] = $Matches.value.Trim() }
    }
    @{ FrontMatter = $front; Body = @($Lines | Select-Object -Skip ($end + 1)) }
}

function Split-Sections {
    <# Groups blocks under each heading of the given level: an ordered table of heading text -> blocks. #>
    param([object[]] $Blocks, [int] $Level)
    $sections = [ordered]@{}
    $current = $null
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'Heading' -and $block.Level -eq $Level) {
            $current = [System.Collections.Generic.List[object]]::new()
            $sections[$block.Text] = $current
        }
        elseif ($block.Kind -eq 'Heading' -and $block.Level -lt $Level) { $current = $null }
        elseif ($null -ne $current) { $current.Add($block) }
    }
    $sections
}

function Get-Paragraphs {
    <# Paragraph texts: prose lines joined with spaces; lists and tables keep their line breaks. #>
    param([object[]] $Blocks)
    foreach ($block in @($Blocks | Where-Object Kind -EQ 'Paragraph')) {
        $structured = $block.Lines | Where-Object { $_ -match '^\s*([-*+]|\d+\.|\|)\s' }
        if ($structured) { $block.Lines -join "`n" } else { ($block.Lines | ForEach-Object Trim) -join ' ' }
    }
}

function ConvertFrom-LinkText {
    <# '[text](uri)' -> text and uri; plain text -> text alone. #>
    param([string] $Text)
    if ($Text -match '^\s*\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)\s*$') { return @{ Text = $Matches.text; Uri = $Matches.uri } }
    @{ Text = $Text.Trim(); Uri = '' }
}

#endregion

#region Cmdlet markdown

function ConvertFrom-CommandMarkdown {
    <# Reads one platyPS-shaped cmdlet page into a plain object; throws naming the file and the problem. #>
    param([Parameter(Mandatory)][string] $Path)
    $name = [System.IO.Path]::GetFileName($Path)
    try {
        $split = Split-FrontMatter -Lines @(Get-Content -LiteralPath $Path)
        $blocks = Read-MarkdownBlocks -Lines $split.Body
    }
    catch { New-HelpSourceError 'MalformedMarkdown' $Path "${name}: $($_.Exception.Message)" }

    $helpFile = $split.FrontMatter['external help file']
    if (-not $helpFile) { New-HelpSourceError 'MissingExternalHelpFile' $Path "${name}: the front matter has no 'external help file'." }
    $title = @($blocks | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 })
    if ($title.Count -ne 1) { New-HelpSourceError 'MissingCommandName' $Path "${name}: expected one '# <Verb-Noun>' title, found $($title.Count)." }
    $commandName = $title[0].Text
    if ($commandName -notmatch '^(?<verb>\w+)-(?<noun>\w+)$') { New-HelpSourceError 'InvalidCommandName' $Path "${name}: '$commandName' is not a Verb-Noun name." }
    $verb, $noun = $Matches.verb, $Matches.noun

    $sections = Split-Sections -Blocks $blocks -Level 2
    foreach ($required in $script:RequiredSections) {
        if (-not $sections.Contains($required)) { New-HelpSourceError 'MissingSection' $Path "${name}: the section '## $required' is missing." }
    }
    $synopsis = @(Get-Paragraphs $sections['SYNOPSIS'])
    if ($synopsis.Count -eq 0) { New-HelpSourceError 'EmptySection' $Path "${name}: '## SYNOPSIS' is empty." }
    $description = @(Get-Paragraphs $sections['DESCRIPTION'])
    if ($description.Count -eq 0) { New-HelpSourceError 'EmptySection' $Path "${name}: '## DESCRIPTION' is empty." }

    $parameters = @(Read-ParameterSection -Blocks $sections['PARAMETERS'] -Path $Path)
    [pscustomobject]@{
        Name        = $commandName
        Verb        = $verb
        Noun        = $noun
        HelpFile    = $helpFile
        Synopsis    = $synopsis -join ' '
        Description = $description
        Syntax      = @(Read-SyntaxSection -Blocks $sections['SYNTAX'] -Parameters $parameters -Path $Path)
        Parameters  = $parameters
        Inputs      = @(Read-TypeSection -Blocks $sections['INPUTS'])
        Outputs     = @(Read-TypeSection -Blocks $sections['OUTPUTS'])
        Notes       = @(if ($sections.Contains('NOTES')) { Get-Paragraphs $sections['NOTES'] })
        Examples    = @(Read-ExampleSection -Blocks $sections['EXAMPLES'] -Path $Path)
        Links       = @(if ($sections.Contains('RELATED LINKS')) { Get-Paragraphs $sections['RELATED LINKS'] | ForEach-Object { $_ -split "`n" } | ForEach-Object { ConvertFrom-LinkText $_ } })
    }
}

function Read-ParameterSection {
    <# '### -Name', its description, and one yaml block per group of parameter sets that share attributes. #>
    param([object[]] $Blocks, [string] $Path)
    $name = [System.IO.Path]::GetFileName($Path)
    $entries = Split-Sections -Blocks $Blocks -Level 3
    foreach ($heading in $entries.Keys) {
        if ($heading -eq 'CommonParameters') { continue }
        if ($heading -notmatch '^-(?<param>\w+)$') { New-HelpSourceError 'InvalidParameterHeading' $Path "${name}: '### $heading' is not '### -ParameterName'." }
        $parameterName = $Matches.param
        $body = $entries[$heading]
        $description = @(Get-Paragraphs $body)
        if ($description.Count -eq 0) { New-HelpSourceError 'MissingParameterDescription' $Path "${name}: -$parameterName has no description." }
        $yamlBlocks = @($body | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' })
        if ($yamlBlocks.Count -eq 0) { New-HelpSourceError 'MissingParameterYaml' $Path "${name}: -$parameterName has no yaml block." }
        [pscustomobject]@{
            Name        = $parameterName
            Description = $description
            Sets        = @($yamlBlocks | ForEach-Object { Read-ParameterYaml -Lines $_.Lines -Where "${name} -$parameterName" -Path $Path })
        }
    }
}

function Read-ParameterYaml {
    param([string[]] $Lines, [string] $Where, [string] $Path)
    $values = @{}
    foreach ($line in $Lines) {
        if ($line -match '^(?<key>[A-Za-z ]+):\s*(?<value>.*)$') { $values[$Matches.key.Trim()] = $Matches.value.Trim() }
    }
    foreach ($key in $script:RequiredYamlKeys) {
        if (-not $values.ContainsKey($key) -or $values[$key] -eq '') { New-HelpSourceError 'MissingParameterAttribute' $Path "${Where}: the yaml has no '$key'." }
    }
    [pscustomobject]@{
        Type           = $values['Type']
        SetNames       = @($values['Parameter Sets'] -split ',' | ForEach-Object Trim)
        Aliases        = if ($values['Aliases']) { $values['Aliases'] } else { 'none' }
        Required       = $values['Required'] -eq 'True'
        Position       = if ($values['Position'] -eq 'Named') { 'named' } else { $values['Position'] }
        DefaultValue   = $values['Default value']
        PipelineInput  = $values['Accept pipeline input']
        Globbing       = $values['Accept wildcard characters'] -eq 'True'
        AcceptedValues = @(if ($values['Accepted values']) { $values['Accepted values'] -split ',' | ForEach-Object Trim })
    }
}

function Read-SyntaxSection {
    <#
    '### SetName' (or '### SetName (Default)') with a code block per set. The parameters of a set come
    from the yaml blocks, in the order the code block names them; the two must agree.
    #>
    param([object[]] $Blocks, [object[]] $Parameters, [string] $Path)
    $name = [System.IO.Path]::GetFileName($Path)
    $sets = Split-Sections -Blocks $Blocks -Level 3
    if ($sets.Count -eq 0) { New-HelpSourceError 'MissingSyntax' $Path "${name}: '## SYNTAX' has no '### <ParameterSet>' heading." }
    foreach ($heading in $sets.Keys) {
        $setName = $heading -replace '\s*\(Default\)\s*$'
        $code = @($sets[$heading] | Where-Object Kind -EQ 'Code')
        if ($code.Count -ne 1) { New-HelpSourceError 'MissingSyntax' $Path "${name}: syntax '$setName' needs one code block." }
        $named = @([regex]::Matches(($code[0].Lines -join ' '), '(?<=[\s\[])-(\w+)') | ForEach-Object { $_.Groups[1].Value } |
                Where-Object { $_ -ne 'CommonParameters' })
        $inSet = @(foreach ($parameter in $Parameters) {
                $attributes = $parameter.Sets | Where-Object { $_.SetNames -contains $setName -or $_.SetNames -contains '(All)' } | Select-Object -First 1
                if ($attributes) { [pscustomobject]@{ Parameter = $parameter; Attributes = $attributes } }
            })
        $documented = @($inSet | ForEach-Object { $_.Parameter.Name })
        $difference = @(Compare-Object -ReferenceObject $named -DifferenceObject $documented | ForEach-Object InputObject)
        if ($difference.Count -gt 0) {
            New-HelpSourceError 'SyntaxMismatch' $Path "${name}: syntax '$setName' and the parameters' yaml disagree about: $($difference -join ', ')."
        }
        [pscustomobject]@{
            Name       = $setName
            Parameters = @($named | ForEach-Object { $n = $_; $inSet | Where-Object { $_.Parameter.Name -eq $n } })
        }
    }
}

function Read-TypeSection {
    <# INPUTS / OUTPUTS: '### TypeName' followed by what it means. #>
    param([object[]] $Blocks)
    $types = Split-Sections -Blocks $Blocks -Level 3
    foreach ($type in $types.Keys) { [pscustomobject]@{ Type = $type; Description = @(Get-Paragraphs $types[$type]) } }
}

function Read-ExampleSection {
    <# '### Example n: title', powershell code (which must parse later) and remarks, in any order. #>
    param([object[]] $Blocks, [string] $Path)
    $name = [System.IO.Path]::GetFileName($Path)
    $examples = Split-Sections -Blocks $Blocks -Level 3
    foreach ($title in $examples.Keys) {
        $body = $examples[$title]
        $code = @($body | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'powershell' })
        if ($code.Count -eq 0) { New-HelpSourceError 'MissingExampleCode' $Path "${name}: '$title' has no powershell code block." }
        # Output shown in another fence (```output) is part of the remarks, kept as it is.
        $remarks = foreach ($block in $body) {
            if ($block.Kind -eq 'Paragraph') { Get-Paragraphs @($block) }
            elseif ($block.Kind -eq 'Code' -and $block.Language -ne 'powershell') { $block.Lines -join "`n" }
        }
        [pscustomobject]@{ Title = $title; Code = ($code | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n"; Remarks = @($remarks) }
    }
}

#endregion

#region MAML writing

function Write-MamlFile {
    param([object[]] $Commands, [string] $Path)
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($command in $Commands | Sort-Object Name) { Write-MamlCommand -Writer $writer -Command $command }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, $Command)
    $Writer.WriteStartElement('command', 'command', $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNamespace)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNamespace)

    Start-Element $Writer command details
    Write-Text $Writer command name $Command.Name
    Write-Text $Writer command verb $Command.Verb
    Write-Text $Writer command noun $Command.Noun
    Write-Description $Writer @($Command.Synopsis)
    $Writer.WriteEndElement()
    Write-Description $Writer $Command.Description

    Start-Element $Writer command syntax
    foreach ($set in $Command.Syntax) {
        Start-Element $Writer command syntaxItem
        Write-Text $Writer maml name $Command.Name
        foreach ($entry in $set.Parameters) { Write-MamlParameter $Writer $entry.Parameter $entry.Attributes -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Start-Element $Writer command parameters
    foreach ($parameter in $Command.Parameters) { Write-MamlParameter $Writer $parameter (Get-WidestAttributes $parameter) }
    $Writer.WriteEndElement()

    Write-TypeList $Writer inputTypes inputType $Command.Inputs
    Write-TypeList $Writer returnValues returnValue $Command.Outputs

    Start-Element $Writer maml alertSet
    Start-Element $Writer maml alert
    foreach ($para in $Command.Notes) { Write-Text $Writer maml para $para }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    Start-Element $Writer command examples
    foreach ($example in $Command.Examples) {
        Start-Element $Writer command example
        Write-Text $Writer maml title "--------- $($example.Title) ---------"
        Write-Text $Writer dev code $example.Code
        Start-Element $Writer dev remarks
        foreach ($para in $example.Remarks) { Write-Text $Writer maml para $para }
        # An empty paragraph makes Get-Help leave a blank line before the next example's title.
        Write-Text $Writer maml para ''
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Start-Element $Writer command relatedLinks
    foreach ($link in $Command.Links) {
        Start-Element $Writer maml navigationLink
        Write-Text $Writer maml linkText $link.Text
        # Links to sibling .md pages mean nothing to Get-Help; only web addresses are kept.
        Write-Text $Writer maml uri $(if ($link.Uri -match '^https?://') { $link.Uri } else { '' })
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Get-WidestAttributes {
    <# One entry in the PARAMETERS list: required if required anywhere, the first position and pipeline input given. #>
    param($Parameter)
    $first = $Parameter.Sets[0]
    $copy = $first.PSObject.Copy()
    $copy.Required = [bool]($Parameter.Sets | Where-Object Required)
    $byPipeline = $Parameter.Sets | Where-Object PipelineInput -NE 'False' | Select-Object -First 1
    if ($byPipeline) { $copy.PipelineInput = $byPipeline.PipelineInput }
    $positioned = $Parameter.Sets | Where-Object Position -NE 'named' | Select-Object -First 1
    if ($positioned) { $copy.Position = $positioned.Position }
    $copy
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Attributes, [switch] $InSyntax)
    $isSwitch = $Attributes.Type -eq 'SwitchParameter'
    Start-Element $Writer command parameter
    $Writer.WriteAttributeString('required', $Attributes.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Attributes.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Attributes.PipelineInput)
    $Writer.WriteAttributeString('position', $Attributes.Position)
    $Writer.WriteAttributeString('aliases', $Attributes.Aliases)
    Write-Text $Writer maml name $Parameter.Name
    Write-Description $Writer $Parameter.Description
    if ($InSyntax -and $Attributes.AcceptedValues.Count -gt 0) {
        # Get-Help shows these as {a | b | c} in the syntax.
        Start-Element $Writer command parameterValueGroup
        foreach ($value in $Attributes.AcceptedValues) { Write-ParameterValue $Writer $value -Required $false }
        $Writer.WriteEndElement()
    }
    elseif (-not $isSwitch) { Write-ParameterValue $Writer $Attributes.Type -Required $true }
    Start-Element $Writer dev type
    Write-Text $Writer maml name $Attributes.Type
    Write-Text $Writer maml uri ''
    $Writer.WriteEndElement()
    Write-Text $Writer dev defaultValue $Attributes.DefaultValue
    $Writer.WriteEndElement()
}

function Write-ParameterValue {
    param([System.Xml.XmlWriter] $Writer, [string] $Value, [bool] $Required)
    Start-Element $Writer command parameterValue
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'false')
    $Writer.WriteString($Value)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)
    Start-Element $Writer command $ListName
    foreach ($type in $Types) {
        Start-Element $Writer command $ItemName
        Start-Element $Writer dev type
        Write-Text $Writer maml name $type.Type
        $Writer.WriteEndElement()
        Write-Description $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    Start-Element $Writer maml description
    foreach ($para in $Paragraphs) { Write-Text $Writer maml para $para }
    $Writer.WriteEndElement()
}

function Start-Element {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name)
    $Writer.WriteStartElement($Prefix, $Name, (Get-NamespaceFor $Prefix))
}

function Write-Text {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Text)
    $Writer.WriteElementString($Prefix, $Name, (Get-NamespaceFor $Prefix), $Text)
}

function Get-NamespaceFor {
    param([string] $Prefix)
    switch ($Prefix) { 'maml' { $script:MamlNamespace } 'command' { $script:CommandNamespace } 'dev' { $script:DevNamespace } }
}

#endregion

#region About topics

function ConvertFrom-AboutMarkdown {
    <#
    The about shape: '# about_Name', then '## Short description', '## Long description' and any further
    '##' sections; '###' headings become subheadings inside a section.
    #>
    param([Parameter(Mandatory)][string] $Path)
    $name = [System.IO.Path]::GetFileName($Path)
    try {
        $split = Split-FrontMatter -Lines @(Get-Content -LiteralPath $Path)
        $blocks = Read-MarkdownBlocks -Lines $split.Body
    }
    catch { New-HelpSourceError 'MalformedMarkdown' $Path "${name}: $($_.Exception.Message)" }
    $title = @($blocks | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 })
    if ($title.Count -ne 1 -or $title[0].Text -notmatch '^about_\w+$') {
        New-HelpSourceError 'MissingTopicName' $Path "${name}: expected one '# about_<Name>' title."
    }
    $sections = Split-Sections -Blocks $blocks -Level 2
    foreach ($required in 'Short description', 'Long description') {
        if (-not ($sections.Keys -contains $required)) { New-HelpSourceError 'MissingSection' $Path "${name}: the section '## $required' is missing." }
    }
    [pscustomobject]@{ Name = $title[0].Text; Sections = $sections }
}

function ConvertTo-AboutText {
    <# The layout of PowerShell's own about_*.help.txt: upper-case section names, text indented four spaces. #>
    param([Parameter(Mandatory)] $Topic)
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $($Topic.Name)")
    foreach ($section in $Topic.Sections.Keys) {
        $out.Add('')
        $out.Add($section.ToUpperInvariant())
        foreach ($block in $Topic.Sections[$section]) { Add-AboutBlock -Out $out -Block $block }
    }
    ($out -join [Environment]::NewLine) + [Environment]::NewLine
}

function Add-AboutBlock {
    param($Out, $Block)
    Add-BlankLine $Out
    switch ($Block.Kind) {
        'Heading' { $Out.Add("  $(ConvertTo-PlainText $Block.Text)") }
        'Code' { foreach ($line in $Block.Lines) { $Out.Add(("        $line").TrimEnd()) } }
        'Paragraph' {
            if ($Block.Lines[0] -match '^\s*\|') {
                # Tables are kept as they are: re-wrapping would break their columns.
                foreach ($line in $Block.Lines) { $Out.Add("    $(ConvertTo-PlainText $line)") }
            }
            else {
                foreach ($item in Join-ListItems $Block.Lines) {
                    $bullet = $item -match '^\s*[-*+]\s+'
                    $text = ConvertTo-PlainText ($item -replace '^\s*[-*+]\s+')
                    $lines = @(Format-Wrapped -Text $text -Width ($script:AboutWidth - $(if ($bullet) { 6 } else { 4 })))
                    for ($i = 0; $i -lt $lines.Count; $i++) {
                        $prefix = if (-not $bullet) { '    ' } elseif ($i -eq 0) { '    - ' } else { '      ' }
                        $Out.Add("$prefix$($lines[$i])")
                    }
                }
            }
        }
    }
}

function Add-BlankLine {
    # Blocks are separated by a blank line, but text starts right under its heading, as in PowerShell's own topics.
    param($Out)
    if ($Out[$Out.Count - 1] -notmatch '^(\S|  \S)') { $Out.Add('') }
}

function Join-ListItems {
    <# A paragraph as its list items (a continuation line joins the item above), or as one run of prose. #>
    param([string[]] $Lines)
    $items = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($items.Count -eq 0 -or $line -match '^\s*[-*+]\s+') { $items.Add($line.Trim()) }
        else { $items[$items.Count - 1] += ' ' + $line.Trim() }
    }
    $items
}

function ConvertTo-PlainText {
    <# Markdown inline marks that mean nothing in a console: bold, code ticks and link targets. #>
    param([string] $Text)
    $Text -replace '\*\*(.+?)\*\*', '$1' -replace '`([^`]+)`', '$1' -replace '\[([^\]]+)\]\(([^)]+)\)', '$1 ($2)'
}

function Format-Wrapped {
    param([string] $Text, [int] $Width)
    $line = ''
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if ($line.Length -gt 0 -and $line.Length + 1 + $word.Length -gt $Width) { $line; $line = $word }
        elseif ($line.Length -gt 0) { $line += " $word" }
        else { $line = $word }
    }
    if ($line.Length -gt 0) { $line }
}

#endregion

Export-ModuleMember -Function ConvertTo-MamlHelp
