<#
.SYNOPSIS
An Azure Automation runbook (PowerShell 7.4+ runtime) that classifies tickets with a batch and
survives being unloaded: every run of the runbook picks up where the last one stopped.

.DESCRIPTION
Import BlobBatch into the Automation account (Modules > Add a module > the .nupkg from
`build.ps1 package`). The account's system-assigned managed identity needs Storage Blob Data
Contributor on the storage account and Cognitive Services OpenAI User on the Azure OpenAI resource.
Schedule the runbook every hour: the first run starts the batches, later runs wait (up to 2.5 hours,
inside Automation's 3-hour limit) and the run that sees them finish saves the results. State lives in
the output container (the run manifest), so nothing depends on the sandbox's disk.
#>
param(
    [string] $Endpoint = 'https://contoso.openai.azure.com',
    [string] $StorageAccount = 'contosobatch',
    [string] $Deployment = 'gpt-4o-batch',
    # Fixed per logical job, so every run of the runbook finds the same run.
    [string] $RunId = 'tickets-2026-11'
)
$ErrorActionPreference = 'Stop'
Import-Module BlobBatch
Connect-BlobBatch -Endpoint $Endpoint -StorageAccount $StorageAccount -TokenSource ManagedIdentity -Quiet

$work = Join-Path ([System.IO.Path]::GetTempPath()) $RunId
$null = New-Item -ItemType Directory -Force -Path $work
try {
    $jobs = Wait-BlobBatch -RunId $RunId -PollIntervalSeconds 300 -Timeout 9000 -ErrorAction SilentlyContinue -ErrorVariable waitError
}
catch {
    if ($_.FullyQualifiedErrorId -notlike 'RunNotFound*') { throw }
    Write-Output "Run $RunId not started yet: starting it."
    # The input comes from wherever the tickets live; here a CSV in the input container's 'source' folder.
    $csv = Join-Path $work 'tickets.csv'
    Get-AzStorageBlobContent -Container batch-input -Blob source/tickets.csv -Destination $csv -Context (New-AzStorageContext -StorageAccountName $StorageAccount -UseConnectedAccount) | Out-Null
    New-BatchInputFile -InputCsvPath $csv -Deployment $Deployment -SystemPrompt 'Classify the ticket.' `
        -UserTemplate 'Title: {Title}{nl}{Body}' -IdProperty TicketId -OutputPath (Join-Path $work 'tickets.jsonl') |
        Start-BlobBatch -RunId $RunId | Format-Table | Out-String | Write-Output
    return
}

if ($waitError | Where-Object FullyQualifiedErrorId -Like 'WaitTimedOut*') {
    Write-Output "Run $RunId still running; the next scheduled run carries on."
    return
}

$summary = Save-BatchResult -RunId $RunId -OutputPath (Join-Path $work 'results') -OutputCsvPath (Join-Path $work 'classified.csv') -Force
$summary | Format-List | Out-String | Write-Output
if ($summary.Failed -gt 0) {
    Write-Output "$($summary.Failed) request(s) failed; resubmitting them as part of the same run."
    Start-BlobBatch -RetryFailed -RunId $RunId | Out-Null
}
