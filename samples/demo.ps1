<#
.SYNOPSIS
The README's first command runs this against the local stack (Azurite and the batch emulator) that
build.ps1 started: a CSV of tickets goes through all four cmdlets and comes back classified.
#>
param(
    [Parameter(Mandatory)][string] $ModuleManifest,
    [Parameter(Mandatory)][string] $StackFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$stack = Get-Content -Raw -LiteralPath $StackFile | ConvertFrom-Json
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-demo-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $work
$clock = [System.Diagnostics.Stopwatch]::StartNew()
function Step([string] $Text) { Write-Host ("`n[{0,5:N1}s] {1}" -f $clock.Elapsed.TotalSeconds, $Text) -ForegroundColor Cyan }

Step "Connect-BlobBatch: Azure OpenAI emulator at $($stack.openaiEndpoint), Azurite at $($stack.blobEndpoint)"
Connect-BlobBatch -Endpoint $stack.openaiEndpoint `
    -ApiKey (ConvertTo-SecureString -AsPlainText -Force $stack.apiKey) `
    -StorageConnectionString (ConvertTo-SecureString -AsPlainText -Force $stack.storageConnectionString) -Validate
$deployment = $stack.deployments[0].name

$csv = Join-Path $PSScriptRoot 'tickets.csv'
$tickets = Import-Csv $csv
Step "Import-Csv $csv | New-BatchInputFile | Start-BlobBatch | Wait-BlobBatch | Save-BatchResult  ($($tickets.Count) tickets, deployment '$deployment')"
$results = $tickets |
    New-BatchInputFile -Deployment $deployment -SystemPrompt 'Classify the IT ticket as Hardware, Software, Access, Network or Security. Answer with the category only.' `
        -UserTemplate 'Title: {Title}{nl}{Body}' -IdProperty TicketId -OutputPath (Join-Path $work 'tickets.jsonl') -MaxRequestsPerFile 12 |
    Start-BlobBatch |
    Wait-BlobBatch -PollIntervalSeconds 1 |
    Save-BatchResult -OutputPath (Join-Path $work 'results') -IncludeInput

Step 'Results joined back to the input rows (first 12 of them; the emulator echoes each request):'
$results | Sort-Object TicketId | Select-Object -First 12 TicketId, Succeeded, PromptTokens, CompletionTokens,
    @{ n = 'Answer'; e = { $text = $_.Content -replace '\s+', ' '; if ($text.Length -gt 60) { $text.Substring(0, 59) + '…' } else { $text } } } |
    Format-Table -AutoSize | Out-String -Width 120 | Out-Host

Step 'Summary (results/summary.json):'
Get-Content -Raw (Join-Path $work 'results/summary.json') | ConvertFrom-Json |
    Format-List requests, succeeded, failed, notRun, reconciled, promptTokens, completionTokens, batchIds | Out-String -Width 120 | Out-Host
$results | Export-Csv (Join-Path $work 'classified.csv') -NoTypeInformation
Step "Done. Files are in $work (tickets*.jsonl, results/, classified.csv)."
