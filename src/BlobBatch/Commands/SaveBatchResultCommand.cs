using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results;
using BlobBatch.Core.Workflows;
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
    private string? _statePath;
    private string _folder = string.Empty;
    private string? _csvPath;

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

    /// <summary>Also uploads the saved files (and the CSV) beside the run in the output container ({run}/saved/), and marks a fully answered run done.</summary>
    [Parameter]
    public SwitchParameter UploadResults { get; set; }

    /// <summary>Also writes the results joined to their input rows as one CSV file, without an object per row.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CsvPath { get; set; }

    protected override void BeginProcessing()
    {
        // Paths are resolved here, on the pipeline thread, where session state may be read.
        _statePath = StatePath is null ? null : GetUnresolvedProviderPathFromPSPath(StatePath);
        _folder = GetUnresolvedProviderPathFromPSPath(Path);
        _csvPath = CsvPath is null ? null : GetUnresolvedProviderPathFromPSPath(CsvPath);
        base.BeginProcessing();
    }

    /// <summary>Writes CSV cells that a spreadsheet would run as a formula (=, +, -, @) as text, with a leading apostrophe.</summary>
    [Parameter]
    public SwitchParameter EscapeFormulas { get; set; }

    protected override async Task ProcessRecordAsync() =>
        _jobs.AddRange(ParameterSetName == JobSet
            ? Job
            : await RunLoader.LoadJobsAsync(ContextResolver.Resolve(Context), _statePath, RunId, CancelToken).ConfigureAwait(false));

    protected override async Task EndProcessingAsync()
    {
        if (_jobs.Count == 0)
        {
            return;
        }

        bool perRequest = PassThru || IncludeInput;
        var settings = new SaveSettings(_folder) { CsvPath = _csvPath, Force = Force, JoinRows = IncludeInput, UploadToRun = UploadResults, StatePath = _statePath, EscapeFormulas = EscapeFormulas };
        SaveOutcome? outcome = await new ResultJoiner(Hooks()).SaveAsync(
            _jobs,
            settings,
            perRequest ? joined => Emit(IncludeInput ? Joined(joined.Result, joined.Row, joined.Columns) : joined.Result) : null,
            CancelToken).ConfigureAwait(false);
        if (outcome is null)
        {
            return;
        }

        foreach (BlobBatchException problem in outcome.Problems)
        {
            EmitError(ErrorRecords.From(problem));
        }

        if (perRequest)
        {
            EmitInformation(outcome.Summary, "BlobBatchSummary");
        }
        else
        {
            Emit(outcome.Summary);
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
