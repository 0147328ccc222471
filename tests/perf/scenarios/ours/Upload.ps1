# The module's uploader (InputUploader: parallel blocks, MD5 per block), to a new blob name each time.
param([string] $Path, [string] $OutDir)
Invoke-CoreUpload -Path $Path -BlobName "bench-upload/$([guid]::NewGuid().ToString('n'))/input.jsonl"
