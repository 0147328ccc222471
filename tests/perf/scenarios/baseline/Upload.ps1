# The plain way: one Put Blob request streaming the file through HttpClient.
param([string] $Path, [string] $OutDir, [string] $BlobEndpoint, [string] $Container)
Send-RawBlob -BlobEndpoint $BlobEndpoint -Container $Container -Name "bench-upload/$([guid]::NewGuid().ToString('n'))/input.jsonl" -Path $Path
