# Rows → JSONL through the direct CSV path: no object per row.
param([string] $CsvPath, [string] $OutDir, [string] $Deployment, [string] $SystemPrompt, [string] $UserTemplate)
New-BatchInputFile -CsvPath $CsvPath -Deployment $Deployment -SystemPrompt $SystemPrompt -UserTemplate $UserTemplate -IdProperty Id `
    -Path (Join-Path $OutDir 'input.jsonl') |
    Out-Null
