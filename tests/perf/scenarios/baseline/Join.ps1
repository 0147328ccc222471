# What a competent admin writes to join batch results back to the input CSV.
param([string[]] $ResultsPath, [string] $CsvPath, [string] $OutDir)
$results = @{}
Get-Content -LiteralPath $ResultsPath | ConvertFrom-Json | ForEach-Object { $results[$_.custom_id] = $_ }
Import-Csv -LiteralPath $CsvPath |
    Select-Object *,
        @{ Name = 'Answer'; Expression = { $results[$_.Id].response.body.choices[0].message.content } },
        @{ Name = 'StatusCode'; Expression = { $results[$_.Id].response.status_code } },
        @{ Name = 'PromptTokens'; Expression = { $results[$_.Id].response.body.usage.prompt_tokens } },
        @{ Name = 'CompletionTokens'; Expression = { $results[$_.Id].response.body.usage.completion_tokens } } |
    Export-Csv -LiteralPath (Join-Path $OutDir 'joined.csv') -NoTypeInformation -Encoding utf8NoBOM
