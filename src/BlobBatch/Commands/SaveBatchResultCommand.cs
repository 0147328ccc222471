using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>
/// Downloads the results and errors of finished batches and merges the parts of a run into one folder.
/// Emits the run's summary; with -PassThru or -IncludeInput it emits one object per request instead
/// (so the pipeline can go straight to Export-Csv) and the summary goes to the information stream.
/// </summary>
[Cmdlet(VerbsData.Save, "BatchResult", DefaultParameterSetName = JobSet, SupportsShouldProcess = true)]
[OutputType(typeof(RunSummary), typeof(BatchResult), typeof(PSObject))]
public sealed class SaveBatchResultCommand : AsyncPSCmdlet
{
    private const string JobSet = "Job";
    private const string StateSet = "State";
    private const string RunSet = "Run";

    private readonly List<BlobBatchJob> _jobs = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    public BlobBatchJob[] Job { get; set; } = Array.Empty<BlobBatchJob>();

    [Parameter(ParameterSetName = StateSet)]
    [Parameter(ParameterSetName = RunSet)]
    public BlobBatch.Core.Connection.BlobBatchContext? Context { get; set; }

    /// <summary>Resume a run from the manifest Start-BlobBatch -StatePath wrote.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StateSet)]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>Resume a run from the manifest in the output container.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RunSet)]
    [ValidateNotNullOrEmpty]
    public string? RunId { get; set; }


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

    /// <summary>Also writes the results joined to their input rows as one CSV file, without an object per row.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CsvPath { get; set; }

    /// <summary>Writes CSV cells that a spreadsheet would run as a formula (=, +, -, @) as text, with a leading apostrophe.</summary>
    [Parameter]
    public SwitchParameter EscapeFormulas { get; set; }

    protected override async Task ProcessRecordAsync() =>
        _jobs.AddRange(ParameterSetName == JobSet ? Job : await RunSource.JobsAsync(this, Context, StatePath, RunId, CancelToken).ConfigureAwait(false));

    protected override async Task EndProcessingAsync()
    {
        if (_jobs.Count == 0)
        {
            return;
        }

        string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        string? csvPath = CsvPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CsvPath);
        ResultSaver.RequireTargets(folder, Force, csvPath);
        RequireFinished();
        ReportValidationFailures();
        if (!await ConfirmAsync(folder, $"Save the results of {_jobs.Count} batch(es)").ConfigureAwait(false))
        {
            return;
        }

        NativeHeap.Trim();
        using RowIndex? rows = IncludeInput || csvPath is not null
            ? RowIndex.Build(_jobs.Select(j => j.RowMapPath).OfType<string>().Distinct())
            : null;
        var columns = new JoinedColumns(rows?.Columns ?? Array.Empty<string>());
        using CsvResultWriter? csv = csvPath is null ? null : new CsvResultWriter(csvPath, columns, Force, EscapeFormulas);
        bool perRequest = PassThru || IncludeInput;
        RunSummary summary = await ResultSaver.SaveAsync(
            _jobs,
            folder,
            Force,
            result =>
            {
                IReadOnlyDictionary<string, string?>? row = rows?.Find(result.CustomId);
                csv?.Write(result, row);
                if (perRequest)
                {
                    Emit(IncludeInput ? Joined(result, row, columns) : result);
                }
            },
            CancelToken,
            onInvalidLine: problem => EmitError(ErrorRecords.From(problem))).ConfigureAwait(false);
        csv?.Complete();

        if (!summary.Reconciled)
        {
            EmitError(ErrorRecords.From(new BlobBatchException("ReconciliationFailed", ErrorKind.InvalidData,
                $"The saved results do not account for every request exactly once: {string.Join("; ", summary.ReconciliationProblems.Take(5))}{(summary.ReconciliationProblems.Count > 5 ? $" (and {summary.ReconciliationProblems.Count - 5} more)" : string.Empty)}.",
                folder)));
        }

        if (summary.NotRun > 0)
        {
            EmitWarning($"{summary.NotRun} request(s) did not run because their batch ended first; summary.json lists them (notRunIds).");
        }

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

    private static PSObject Joined(BatchResult result, IReadOnlyDictionary<string, string?>? row, JoinedColumns columns)
    {
        var joined = new PSObject();
        foreach (string column in columns.RowColumns)
        {
            joined.Properties.Add(new PSNoteProperty(column, row is not null && row.TryGetValue(column, out string? value) ? value : null));
        }

        IReadOnlyList<object?> values = JoinedColumns.ResultValues(result);
        for (int i = 0; i < values.Count; i++)
        {
            joined.Properties.Add(new PSNoteProperty(columns.ResultNames[i], values[i]));
        }

        return joined;
    }
}
