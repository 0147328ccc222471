# The help compiler on a tiny command of its own, written to $TestDrive: what the MAML says, that
# Get-Help can read it, and that broken markdown fails with an error that names the file and the fix.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/HelpCompiler.psm1') -Force

    $script:Fence = '```'
    function New-WidgetMarkdown {
        <# A complete, valid page for Set-Widget; -Without drops a '## SECTION', -Replace edits the text. #>
        param([string] $Without, [hashtable] $Replace = @{})
        $f = $script:Fence
        $text = @"
---
external help file: Widget-help.xml
Module Name: Widget
schema: 2.0.0
---

# Set-Widget

## SYNOPSIS
Sets a widget.

## SYNTAX

### ByName (Default)
${f}
Set-Widget [-Name] <String> [-Colour <String>] [-Force] [<CommonParameters>]
${f}

### ByObject
${f}
Set-Widget -InputObject <Object> [-Name <String>] [-Force] [<CommonParameters>]
${f}

## DESCRIPTION
Sets a widget's colour
over two lines.

A second paragraph & some <markup>.

## EXAMPLES

### Example 1: Paint it
${f}powershell
Set-Widget -Name w1 -Colour Red
${f}

Paints w1 red.

${f}output
Name Colour
---- ------
w1   Red
${f}

### Example 2: From the pipeline
${f}powershell
Get-Widget | Set-Widget -Force
${f}

Forces every widget.

## PARAMETERS

### -Name
The widget's name.

${f}yaml
Type: String
Parameter Sets: ByName
Aliases: N

Required: True
Position: 0
Default value: None
Accept pipeline input: False
Accept wildcard characters: True
${f}

${f}yaml
Type: String
Parameter Sets: ByObject
Aliases: N

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: True
${f}

### -Colour
The colour.

${f}yaml
Type: String
Parameter Sets: ByName
Aliases:
Accepted values: Red, Green

Required: False
Position: Named
Default value: Green
Accept pipeline input: False
Accept wildcard characters: False
${f}

### -InputObject
A widget.

${f}yaml
Type: Object
Parameter Sets: ByObject
Aliases:

Required: True
Position: Named
Default value: None
Accept pipeline input: True (ByValue)
Accept wildcard characters: False
${f}

### -Force
Without asking.

${f}yaml
Type: SwitchParameter
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
${f}

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.Object
Widgets.

## OUTPUTS

### None
Nothing.

## NOTES
A note.

## RELATED LINKS

[Get-Widget](Get-Widget.md)

[Widgets online](https://example.com/widgets)
"@
        if ($Without) { $text = $text -replace "(?s)## $Without\r?\n.*?(?=\r?\n## )", '' }
        foreach ($old in $Replace.Keys) { $text = $text.Replace($old, $Replace[$old]) }
        $text
    }

    function New-AboutMarkdown {
        param([switch] $WithoutShortDescription)
        $f = $script:Fence
        $short = if ($WithoutShortDescription) { '' } else { "## Short description`nWidgets in brief.`n" }
        @"
# about_Widget

$short
## Long description
$('word ' * 40)

### A subtopic
- a bullet that is long enough to need wrapping when the line reaches eighty columns of text

${f}
Get-Widget | Set-Widget
${f}

## See also
- Set-Widget
"@
    }

    function Invoke-Compiler {
        <# Compiles the given pages from a fresh source folder; returns the destination folder. #>
        param([hashtable] $Pages)
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $source = New-Item -ItemType Directory -Path (Join-Path $root 'docs')
        foreach ($name in $Pages.Keys) { Set-Content -LiteralPath (Join-Path $source $name) -Value $Pages[$name] -Encoding utf8NoBOM }
        $destination = Join-Path $root 'out/en-US'
        $null = ConvertTo-MamlHelp -SourcePath $source -DestinationPath $destination
        $destination
    }

    $destination = Invoke-Compiler @{ 'Set-Widget.md' = (New-WidgetMarkdown); 'about_Widget.md' = (New-AboutMarkdown) }
    $maml = [xml](Get-Content -Raw -LiteralPath (Join-Path $destination 'Widget-help.xml'))
    $ns = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
    $ns.AddNamespace('msh', 'http://msh')
    $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    function Select-Maml([string] $XPath) { @($maml.SelectNodes($XPath, $ns)) }
    function Get-MamlText([string] $XPath) { @(Select-Maml $XPath | ForEach-Object InnerText) }
}

Describe 'ConvertTo-MamlHelp writes MAML' {
    It 'writes one file named by the front matter, with one command' {
        Get-ChildItem -LiteralPath $destination -Name | Sort-Object | Should -Be @('about_Widget.help.txt', 'Widget-help.xml')
        $maml.DocumentElement.LocalName | Should -Be 'helpItems'
        $maml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        Select-Maml '/msh:helpItems/command:command' | Should -HaveCount 1
    }

    It 'has the name, verb, noun and synopsis in details' {
        Get-MamlText '//command:details/command:name' | Should -Be 'Set-Widget'
        Get-MamlText '//command:details/command:verb' | Should -Be 'Set'
        Get-MamlText '//command:details/command:noun' | Should -Be 'Widget'
        Get-MamlText '//command:details/maml:description/maml:para' | Should -Be 'Sets a widget.'
    }

    It 'joins the lines of a paragraph and escapes markup' {
        Get-MamlText '/msh:helpItems/command:command/maml:description/maml:para' |
            Should -Be @("Sets a widget's colour over two lines.", 'A second paragraph & some <markup>.')
    }

    It 'has one syntax item per parameter set, in the order the syntax block gives' {
        $items = Select-Maml '//command:syntax/command:syntaxItem'
        $items | Should -HaveCount 2
        @($items[0].SelectNodes('command:parameter/maml:name', $ns).InnerText) | Should -Be @('Name', 'Colour', 'Force')
        @($items[1].SelectNodes('command:parameter/maml:name', $ns).InnerText) | Should -Be @('InputObject', 'Name', 'Force')
    }

    It 'takes required and position from the yaml block of each set' {
        $byName = (Select-Maml '//command:syntaxItem')[0].SelectSingleNode("command:parameter[maml:name='Name']", $ns)
        $byObject = (Select-Maml '//command:syntaxItem')[1].SelectSingleNode("command:parameter[maml:name='Name']", $ns)
        $byName.GetAttribute('required') | Should -Be 'true'
        $byName.GetAttribute('position') | Should -Be '0'
        $byObject.GetAttribute('required') | Should -Be 'false'
        $byObject.GetAttribute('position') | Should -Be 'named'
    }

    It 'lists accepted values as a value group and gives a switch no value' {
        $syntax = (Select-Maml '//command:syntaxItem')[0]
        @($syntax.SelectNodes("command:parameter[maml:name='Colour']/command:parameterValueGroup/command:parameterValue", $ns).InnerText) | Should -Be @('Red', 'Green')
        $syntax.SelectNodes("command:parameter[maml:name='Force']/command:parameterValue", $ns).Count | Should -Be 0
        $syntax.SelectSingleNode("command:parameter[maml:name='Name']/command:parameterValue", $ns).InnerText | Should -Be 'String'
    }

    It 'lists each parameter once with its attributes and description' {
        Get-MamlText '//command:parameters/command:parameter/maml:name' | Should -Be @('Name', 'Colour', 'InputObject', 'Force')
        $name = Select-Maml "//command:parameters/command:parameter[maml:name='Name']"
        $name.GetAttribute('required') | Should -Be 'true'
        $name.GetAttribute('globbing') | Should -Be 'true'
        $name.GetAttribute('aliases') | Should -Be 'N'
        $name.SelectSingleNode('maml:description/maml:para', $ns).InnerText | Should -Be "The widget's name."
        $inputObject = Select-Maml "//command:parameters/command:parameter[maml:name='InputObject']"
        $inputObject.GetAttribute('pipelineInput') | Should -Be 'True (ByValue)'
        $inputObject.SelectSingleNode('dev:type/maml:name', $ns).InnerText | Should -Be 'Object'
        (Select-Maml "//command:parameters/command:parameter[maml:name='Colour']/dev:defaultValue").InnerText | Should -Be 'Green'
    }

    It 'has input and return types' {
        Get-MamlText '//command:inputTypes/command:inputType/dev:type/maml:name' | Should -Be 'System.Object'
        Get-MamlText '//command:returnValues/command:returnValue/dev:type/maml:name' | Should -Be 'None'
    }

    It 'has examples with title, code, remarks and shown output' {
        $examples = Select-Maml '//command:examples/command:example'
        $examples | Should -HaveCount 2
        $examples[0].SelectSingleNode('maml:title', $ns).InnerText | Should -Match 'Example 1: Paint it'
        $examples[0].SelectSingleNode('dev:code', $ns).InnerText | Should -Be 'Set-Widget -Name w1 -Colour Red'
        $remarks = @($examples[0].SelectNodes('dev:remarks/maml:para', $ns).InnerText)
        $remarks[0] | Should -Be 'Paints w1 red.'
        $remarks[1] | Should -Match '(?m)^w1\s+Red$'
    }

    It 'keeps web links and drops links to sibling pages' {
        Get-MamlText '//command:relatedLinks/maml:navigationLink/maml:linkText' | Should -Be @('Get-Widget', 'Widgets online')
        Get-MamlText '//command:relatedLinks/maml:navigationLink/maml:uri' | Should -Be @('', 'https://example.com/widgets')
    }

    It 'is read by Get-Help' {
        # A function names its MAML with .EXTERNALHELP, so Get-Help reads our file without any binary module.
        $moduleDir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'Widget')
        Copy-Item -LiteralPath $destination -Destination $moduleDir -Recurse
        Set-Content -LiteralPath (Join-Path $moduleDir 'Widget.psm1') -Value @'
function Set-Widget {
    # .EXTERNALHELP Widget-help.xml
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param([Parameter(ParameterSetName = 'ByName', Position = 0, Mandatory)][string] $Name, [string] $Colour, [switch] $Force)
}
'@
        $module = Import-Module (Join-Path $moduleDir 'Widget.psm1') -PassThru -Force
        try {
            $help = Get-Help Set-Widget -Full
            $help.Synopsis | Should -Be 'Sets a widget.'
            @($help.examples.example) | Should -HaveCount 2
            @($help.parameters.parameter.name) | Should -Contain 'Colour'
        }
        finally { Remove-Module $module }
    }
}

Describe 'ConvertTo-MamlHelp writes about topics' {
    BeforeAll { $about = Get-Content -LiteralPath (Join-Path $destination 'about_Widget.help.txt') }

    It 'uses the about layout: TOPIC, the name, upper-case sections with indented text' {
        $about[0..1] | Should -Be @('TOPIC', '    about_Widget')
        $about | Should -Contain 'SHORT DESCRIPTION'
        $about | Should -Contain '    Widgets in brief.'
        $about | Should -Contain 'LONG DESCRIPTION'
        $about | Should -Contain '  A subtopic'
        $about | Should -Contain '        Get-Widget | Set-Widget'
    }

    It 'wraps prose at 80 columns and indents bullets' {
        @($about | Where-Object Length -GT 80) | Should -HaveCount 0
        $about | Should -Contain '    - a bullet that is long enough to need wrapping when the line reaches eighty'
        $about | Should -Contain '      columns of text'
    }
}

Describe 'ConvertTo-MamlHelp refuses malformed markdown' {
    It 'fails on <Case> with <ErrorId>, naming the file' -ForEach @(
        @{ Case = 'a missing SYNOPSIS'; ErrorId = 'MissingSection'; Message = "*Set-Widget.md*'## SYNOPSIS' is missing*"; Page = { New-WidgetMarkdown -Without SYNOPSIS } }
        @{ Case = 'a missing EXAMPLES'; ErrorId = 'MissingSection'; Message = "*'## EXAMPLES' is missing*"; Page = { New-WidgetMarkdown -Without EXAMPLES } }
        @{ Case = 'an empty description of a parameter'; ErrorId = 'MissingParameterDescription'; Message = '*-Colour has no description*'; Page = { New-WidgetMarkdown -Replace @{ "The colour.`n" = '' } } }
        @{ Case = 'a yaml block without Required'; ErrorId = 'MissingParameterAttribute'; Message = "*-Force: the yaml has no 'Required'*"; Page = { New-WidgetMarkdown -Replace @{ "Required: False`nPosition: Named`nDefault value: False" = "Position: Named`nDefault value: False" } } }
        @{ Case = 'a syntax block that names an undocumented parameter'; ErrorId = 'SyntaxMismatch'; Message = "*syntax 'ByName'*Extra*"; Page = { New-WidgetMarkdown -Replace @{ '[-Colour <String>] [-Force]' = '[-Colour <String>] [-Extra] [-Force]' } } }
        @{ Case = 'an example without powershell code'; ErrorId = 'MissingExampleCode'; Message = "*'Example 2: From the pipeline' has no powershell code block*"; Page = { New-WidgetMarkdown -Replace @{ ('```powershell' + "`nGet-Widget") = ('```text' + "`nGet-Widget") } } }
        @{ Case = 'an unclosed code block'; ErrorId = 'MalformedMarkdown'; Message = '*never closed*'; Page = { (New-WidgetMarkdown) + "`n" + '```powershell' + "`nGet-Widget" } }
        @{ Case = 'no external help file'; ErrorId = 'MissingExternalHelpFile'; Message = "*no 'external help file'*"; Page = { New-WidgetMarkdown -Replace @{ 'external help file: Widget-help.xml' = '' } } }
    ) {
        $markdown = & $Page
        { Invoke-Compiler @{ 'Set-Widget.md' = $markdown } } | Should -Throw -ErrorId $ErrorId -ExpectedMessage $Message
    }

    It 'fails on an about topic without a short description' {
        { Invoke-Compiler @{ 'about_Widget.md' = (New-AboutMarkdown -WithoutShortDescription) } } |
            Should -Throw -ErrorId 'MissingSection' -ExpectedMessage "*about_Widget.md*'## Short description' is missing*"
    }
}
