# What a competent admin writes to turn a CSV into a batch input file. The prompt is the same text
# the module's -UserTemplate 'Ticket {Title}: {Body} (priority {Priority})' renders.
param([string] $CsvPath, [string] $OutDir, [string] $Deployment, [string] $SystemPrompt, [string] $UserTemplate)
Import-Csv -LiteralPath $CsvPath | ForEach-Object {
    [ordered]@{
        custom_id = $_.Id
        method    = 'POST'
        url       = '/chat/completions'
        body      = @{
            model    = $Deployment
            messages = @(
                @{ role = 'system'; content = $SystemPrompt }
                @{ role = 'user'; content = "Ticket $($_.Title): $($_.Body) (priority $($_.Priority))" }
            )
        }
    } | ConvertTo-Json -Compress -Depth 10
} | Set-Content -LiteralPath (Join-Path $OutDir 'input.jsonl') -Encoding utf8NoBOM
