# Results → CSV joined to the input rows: Save-BatchResult downloads the parts' results from Azurite,
# merges them into results.jsonl/errors.jsonl/summary.json, reconciles against the input ids and
# writes the joined table from the on-disk side map.
param([string] $JobSpec, [string] $OutDir)
New-BenchJob -SpecPath $JobSpec |
    Save-BatchResult -Path $OutDir -CsvPath (Join-Path $OutDir 'joined.csv') |
    Out-Null
