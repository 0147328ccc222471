using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Usage;
using BlobBatch.Core.Workflows;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>
/// Downloads the results and errors of finished batches and merges the parts of a run into one folder.
/// Emits the run's summary; with -PassThru, -IncludeInput or -ExpandAnswer (without -OutputCsvPath) it
/// emits one object per request instead, in the order of the input (so the pipeline can go straight to
/// Export-Csv), and the summary goes to the information stream.
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
    public BlobBatch.Core.Connection.BlobBatchContext[]? Context { get; set; }

    /// <summary>Resume a run from the manifest Start-BlobBatch -StatePath wrote.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StateSet)]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>Resume a run from the manifest in the output container.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RunSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public string? RunId { get; set; }


    /// <summary>The folder for results.jsonl, errors.jsonl and summary.json; created when missing. (-Path is kept as an alias.)</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Path")]
    [ValidateNotNullOrEmpty]
    public string OutputPath { get; set; } = string.Empty;

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

    /// <summary>Also writes the results joined to their input rows as one CSV file, without an object per row. (-CsvPath is kept as an alias.)</summary>
    [Parameter]
    [Alias("CsvPath")]
    [ValidateNotNullOrEmpty]
    public string? OutputCsvPath { get; set; }

    /// <summary>Each answer that is a JSON object becomes fields: properties on the objects, columns in the CSV.</summary>
    [Parameter]
    public SwitchParameter ExpandAnswer { get; set; }

    /// <summary>Prices per million tokens (Input, CachedInput, Output): adds Cost to each request and to the run.</summary>
    [Parameter]
    [TokenPriceTransformation]
    [ArgumentCompleter(typeof(PriceCompleter))]
    public TokenPrice? Price { get; set; }

    protected override void BeginProcessing()
    {
        // Paths are resolved here, on the pipeline thread, where session state may be read.
        _statePath = StatePath is null ? null : GetUnresolvedProviderPathFromPSPath(StatePath);
        _folder = GetUnresolvedProviderPathFromPSPath(OutputPath);
        _csvPath = OutputCsvPath is null ? null : GetUnresolvedProviderPathFromPSPath(OutputCsvPath);
        base.BeginProcessing();
    }

    /// <summary>Writes CSV cells that a spreadsheet would run as a formula (=, +, -, @) as text, with a leading apostrophe.</summary>
    [Parameter]
    public SwitchParameter EscapeFormulas { get; set; }

    protected override async Task ProcessRecordAsync() =>
        _jobs.AddRange(ParameterSetName == JobSet
            ? Job
            : await RunLoader.LoadJobsAsync(ContextResolver.ResolveAll(Context), _statePath, RunId, CancelToken).ConfigureAwait(false));

    protected override async Task EndProcessingAsync()
    {
        if (_jobs.Count == 0)
        {
            return;
        }

        // -ExpandAnswer alone asks for objects; beside -OutputCsvPath it shapes the CSV, which exists to spare an object per request.
        bool perRequest = PassThru || IncludeInput || (ExpandAnswer && _csvPath is null);
        var settings = new SaveSettings(_folder) { CsvPath = _csvPath, Force = Force, JoinRows = IncludeInput, ExpandAnswer = ExpandAnswer, Price = Price, UploadToRun = UploadResults, StatePath = _statePath, EscapeFormulas = EscapeFormulas };
        SaveOutcome? outcome = await new ResultJoiner(Hooks()).SaveAsync(
            _jobs,
            settings,
            perRequest ? joined => Emit(IncludeInput ? ResultObjects.Joined(joined) : ResultObjects.WithAnswer(joined)) : null,
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
}
