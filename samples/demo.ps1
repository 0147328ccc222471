<#
.SYNOPSIS
The README's first command runs this against the local stack that build.ps1 started.
#>
param(
    [Parameter(Mandatory)][string] $ModuleManifest,
    [Parameter(Mandatory)][string] $StackFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$stack = Get-Content -Raw -LiteralPath $StackFile | ConvertFrom-Json

Write-Host "`n== Connect-BlobBatch: a context for the local stack (Azurite at $($stack.blobEndpoint))"
$storage = ConvertTo-SecureString -AsPlainText -Force -String $stack.storageConnectionString
$endpoint = if ($stack.PSObject.Properties['openaiEndpoint']) { $stack.openaiEndpoint } else { 'http://127.0.0.1:5000' }
Connect-BlobBatch -Endpoint $endpoint -StorageConnectionString $storage -ApiKey (ConvertTo-SecureString -AsPlainText -Force 'demo-key') -Validate
Get-BlobBatchContext | Format-List | Out-Host

Write-Host '== Storage answered and both containers exist.'
Write-Host '   The batch pipeline (New-BatchInputFile | Start-BlobBatch | Wait-BlobBatch | Save-BatchResult)'
Write-Host '   and the local batch emulator are not built yet; this demo shows only what exists today.'
