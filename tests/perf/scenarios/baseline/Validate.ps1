# What a competent admin writes to check a batch input file before uploading it.
param([string] $JsonlPath, [string] $OutDir, [string] $Deployment)
$ids = @{}
$lineNumber = 0
Get-Content -LiteralPath $JsonlPath | ForEach-Object {
    $lineNumber++
    if (-not $_) { return }
    $request = $_ | ConvertFrom-Json
    if ($ids.ContainsKey($request.custom_id)) { throw "Line ${lineNumber}: duplicate custom_id $($request.custom_id)" }
    $ids[$request.custom_id] = $true
    if ($request.method -ne 'POST') { throw "Line ${lineNumber}: method must be POST" }
    if ($request.url -ne '/chat/completions') { throw "Line ${lineNumber}: unexpected url $($request.url)" }
    if ($request.body.model -ne $Deployment) { throw "Line ${lineNumber}: model $($request.body.model) is not $Deployment" }
}
if ($lineNumber -gt 100000) { throw "$lineNumber lines: over the 100,000 requests a file may hold" }
if ((Get-Item -LiteralPath $JsonlPath).Length -gt 200MB) { throw 'Over 200 MB' }
