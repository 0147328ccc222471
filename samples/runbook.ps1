<#
.SYNOPSIS
An Azure Automation runbook (PowerShell 7.4+ runtime) that classifies tickets with a batch and
finishes whatever happens to the sandbox: every start of the runbook picks up where the last stopped.

.DESCRIPTION
Import BlobBatch into the Automation account (Modules > Add a module > the .nupkg from
`build.ps1 package`). The account's system-assigned managed identity needs, on the storage account,
Storage Blob Data Contributor (it uploads the input, writes the run's manifest, side map and saved
results into the output container, and reads the results), and Cognitive Services OpenAI User on
the Azure OpenAI resource.

Schedule it every hour. Each start:
1. stops at once when the run is done (Get-BlobBatchRun shows the done marker);
2. starts the run, or starts again what an earlier start did not finish (starting is idempotent:
   a part already recorded is never started twice, and a lost create answer is adopted, not repeated);
3. waits for the run's batches, at most -WaitMinutes (inside Automation's 3-hour slice);
4. when every batch has ended, saves the run into the output container (<run>/saved/: results,
   errors, summary and the joined CSV), which marks a fully answered run done;
5. otherwise resubmits the failed requests as the next attempt, until -MaxAttempts, after which
   the run is done with those requests reported as failed.
State lives in the output container only, so an unloaded runbook, a fresh sandbox or an empty
folder loses nothing.
#>
param(
    [string] $Endpoint = 'https://contoso.openai.azure.com',
    [string] $StorageAccount = 'contosobatch',
    [string] $Deployment = 'gpt-4o-batch',
    [string] $OutputContainer = 'batch-output',
    # Fixed per logical job, so every start of the runbook finds the same run.
    [string] $RunId = 'tickets-2026-12',
    # The tickets: a CSV the runbook can read (downloaded from where it lives, or shipped with it).
    [string] $InputCsvPath = './tickets.csv',
    [int] $MaxAttempts = 3,
    [double] $WaitMinutes = 150,
    [int] $PollIntervalSeconds = 300,
    # Only for running this sample against the local stack (build.ps1 stack): the emulator's key and
    # Azurite's connection string. In Azure the managed identity signs in.
    [securestring] $ApiKey,
    [securestring] $StorageConnectionString
)
$ErrorActionPreference = 'Stop'
Import-Module BlobBatch
if ($StorageConnectionString) {
    Connect-BlobBatch -Endpoint $Endpoint -ApiKey $ApiKey -StorageConnectionString $StorageConnectionString -OutputContainer $OutputContainer -Quiet
}
else {
    Connect-BlobBatch -Endpoint $Endpoint -StorageAccount $StorageAccount -OutputContainer $OutputContainer -Identity -Quiet
}

$run = Get-BlobBatchRun -RunId $RunId -ErrorAction SilentlyContinue
if ($run.Done) {
    Write-Output "DONE: run $RunId is done ($($run.Outcome)); nothing to do."
    return
}

# The sandbox's temp folder is empty after an unload; nothing here has to survive it.
$work = Join-Path ([System.IO.Path]::GetTempPath()) "$RunId-$([guid]::NewGuid().ToString('n'))"
$null = New-Item -ItemType Directory -Force -Path $work
try {
    if (-not $run -or $run.Attempts -le 1) {
        # Idempotent: the same tickets give the same parts, and a part the run already recorded is adopted.
        $null = New-BatchInputFile -CsvPath $InputCsvPath -Deployment $Deployment -SystemPrompt 'Classify the ticket.' `
            -UserTemplate 'Title: {Title}{nl}{Body}' -IdProperty TicketId -Path (Join-Path $work 'tickets.jsonl') |
            Start-BlobBatch -RunId $RunId -PollIntervalSeconds $PollIntervalSeconds
    }

    $jobs = Wait-BlobBatch -RunId $RunId -PollIntervalSeconds $PollIntervalSeconds -Timeout ([int]($WaitMinutes * 60)) -ErrorAction SilentlyContinue -ErrorVariable waitError
    if ($waitError | Where-Object FullyQualifiedErrorId -Like 'WaitTimedOut*') {
        Write-Output "WAITING: run $RunId still runs; the next scheduled start carries on."
        return
    }

    $summary = Save-BatchResult -RunId $RunId -Path (Join-Path $work 'results') -CsvPath (Join-Path $work 'classified.csv') -UploadResults -Force
    Write-Output "SAVED: run $RunId, $($summary.Succeeded) succeeded, $($summary.Failed) failed, reconciled $($summary.Reconciled)."
    if ((Get-BlobBatchRun -RunId $RunId).Done) {
        Write-Output "DONE: run $RunId, every request answered."
        return
    }

    try {
        $retry = @(Start-BlobBatch -RetryFailed -RunId $RunId -MaxAttempts $MaxAttempts -PollIntervalSeconds $PollIntervalSeconds)
        Write-Output "RETRYING: $(@($retry).Count) batch(es) resubmit the failed requests of run $RunId."
    }
    catch {
        if ($_.FullyQualifiedErrorId -notlike 'RetriesExhausted*') { throw }
        Write-Output "DONE: run $RunId, $($_.Exception.Message)"
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
