# The plain way: one Get Blob request streamed to a file through HttpClient.
param([string] $BlobName, [string] $OutDir, [string] $BlobEndpoint, [string] $Container)
Receive-RawBlob -BlobEndpoint $BlobEndpoint -Container $Container -Name $BlobName -Path (Join-Path $OutDir 'download.jsonl')
