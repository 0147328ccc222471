# Rows → JSONL through the pipeline: Import-Csv objects into New-BatchInputFile.
param([string] $CsvPath, [string] $OutDir, [string] $Deployment, [string] $SystemPrompt, [string] $UserTemplate)
Import-Csv -LiteralPath $CsvPath |
    New-BatchInputFile -Deployment $Deployment -SystemPrompt $SystemPrompt -UserTemplate $UserTemplate -IdProperty Id `
        -Path (Join-Path $OutDir 'input.jsonl') |
    Out-Null
