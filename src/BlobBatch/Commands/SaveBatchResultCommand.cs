using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>
/// Downloads the results and errors of finished batches and merges the parts of a run into one folder.
/// Emits the run's summary; with -PassThru or -IncludeInput it emits one object per request instead
/// (so the pipeline can go straight to Export-Csv) and the summary goes to the information stream.
/// </summary>
[Cmdlet(VerbsData.Save, "BatchResult", SupportsShouldProcess = true)]
[OutputType(typeof(RunSummary), typeof(BatchResult), typeof(PSObject))]
public sealed class SaveBatchResultCommand : AsyncPSCmdlet
{
    private readonly List<BlobBatchJob> _jobs = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public BlobBatchJob[] Job { get; set; } = Array.Empty<BlobBatchJob>();

    /// <summary>The folder for results.jsonl, errors.jsonl and summary.json; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Adds each request's source row (from the side map) in front of its result, and implies -PassThru.</summary>
    [Parameter]
    public SwitchParameter IncludeInput { get; set; }

    protected override Task ProcessRecordAsync()
    {
        _jobs.AddRange(Job);
        return Task.CompletedTask;
    }

    protected override async Task EndProcessingAsync()
    {
        if (_jobs.Count == 0)
        {
            return;
        }

        string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        ResultSaver.RequireTargets(folder, Force);
        RequireFinished();
        ReportValidationFailures();
        if (!await ConfirmAsync(folder, $"Save the results of {_jobs.Count} batch(es)").ConfigureAwait(false))
        {
            return;
        }

        RowMap? rows = IncludeInput ? RowMap.Load(_jobs.Select(j => j.RowMapPath).Where(p => p is not null).Distinct()!) : null;
        bool perRequest = PassThru || IncludeInput;
        RunSummary summary = await ResultSaver.SaveAsync(
            _jobs, folder, Force, perRequest ? result => Emit(Shape(result, rows)) : null, CancelToken).ConfigureAwait(false);

        string line = $"Saved {summary.Requests} results ({summary.Succeeded} succeeded, {summary.Failed} failed; {summary.PromptTokens:N0} prompt and {summary.CompletionTokens:N0} completion tokens) to {folder}.";
        EmitVerbose(line);
        if (perRequest)
        {
            EmitInformation(summary, "BlobBatchSummary");
        }
        else
        {
            Emit(summary);
        }
    }

    private void RequireFinished()
    {
        BlobBatchJob? running = _jobs.FirstOrDefault(j => !j.IsTerminal);
        if (running is not null)
        {
            throw new BlobBatchException("BatchNotFinished", ErrorKind.InvalidOperation,
                $"Batch {running.Id} is {running.Status}; wait for it first (Wait-BlobBatch), then save.", running.Id);
        }
    }

    private void ReportValidationFailures()
    {
        foreach (BlobBatchJob job in _jobs.Where(j => j.Status == BatchStatus.Failed))
        {
            foreach (BatchError error in job.Errors)
            {
                var ex = new BlobBatchException("BatchValidationFailed", ErrorKind.InvalidData,
                    $"Batch {job.Id} (part {job.PartNumber}/{job.PartCount}) failed validation: {error}", job.Id);
                EmitError(ErrorRecords.From(ex));
            }
        }
    }

    private object Shape(BatchResult result, RowMap? rows)
    {
        if (rows is null)
        {
            return result;
        }

        var shaped = new PSObject();
        if (rows.Find(result.CustomId) is IReadOnlyDictionary<string, string?> row)
        {
            foreach (KeyValuePair<string, string?> value in row)
            {
                shaped.Properties.Add(new PSNoteProperty(value.Key, value.Value));
            }
        }

        foreach (var property in typeof(BatchResult).GetProperties().Where(p => p.Name != nameof(BatchResult.Input)))
        {
            if (shaped.Properties[property.Name] is null)
            {
                shaped.Properties.Add(new PSNoteProperty(property.Name, property.GetValue(result)));
            }
        }

        return shaped;
    }
}
