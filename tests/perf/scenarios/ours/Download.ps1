# The module's result downloader (ResultDownloader: ranged parallel reads, MD5-checked).
param([string] $BlobName, [string] $OutDir)
Invoke-CoreDownload -BlobName $BlobName -Path (Join-Path $OutDir 'download.jsonl')
