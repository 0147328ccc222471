using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Workflows;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Uploads input parts that are still local and starts one batch per part, in blob mode.</summary>
[Cmdlet(VerbsLifecycle.Start, "BlobBatch", DefaultParameterSetName = FileSet, SupportsShouldProcess = true)]
[OutputType(typeof(BlobBatchJob))]
public sealed class StartBlobBatchCommand : AsyncPSCmdlet
{
    private const string FileSet = "InputFile";
    private const string PathSet = "Path";
    private const string RetrySet = "Retry";

    private RunStarter? _starter;
    private string _retryFolder = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FileSet)]
    public BatchInputFile[] InputFile { get; set; } = Array.Empty<BatchInputFile>();

    /// <summary>Existing JSONL input files: validated (and split when over a limit) before anything is uploaded.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("PSPath", "LiteralPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Resubmit, as a new part of the same run, exactly the requests whose latest outcome is a failure
    /// (failed, expired, cancelled or never run). Needs -StatePath or -RunId; Save-BatchResult then keeps
    /// each request's latest outcome.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = RetrySet)]
    public SwitchParameter RetryFailed { get; set; }

    /// <summary>How many attempts each request gets in all; with -RetryFailed, requests still failing after that many stop the run with RetriesExhausted.</summary>
    [Parameter(ParameterSetName = RetrySet)]
    [ValidateRange(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public BlobBatchContext? Context { get; set; }

    /// <summary>Groups the batches of one invocation; new per invocation unless the parts were uploaded under one.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")]
    public string? RunId { get; set; }

    /// <summary>A local file that records the run (parts, blobs, hashes, batch ids) so it can be resumed; starting again with it never duplicates a batch.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>Start no part while the batches of this run already hold this many input tokens; by default the limit the service reports.</summary>
    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long? MaxEnqueuedTokens { get; set; }

    /// <summary>Run at most this many batches of this invocation at once; further parts wait for one to finish.</summary>
    [Parameter]
    [ValidateRange(1, 10_000)]
    public int? MaxConcurrentBatches { get; set; }

    /// <summary>The longest one part may wait for token quota, in seconds; then the start stops with QuotaWaitTimedOut (parts already started keep running).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? QuotaTimeoutSeconds { get; set; }

    /// <summary>Seconds between checks while parts wait for quota.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 60;

    protected override void BeginProcessing()
    {
        // Paths are resolved here, on the pipeline thread, where session state may be read.
        string? statePath = StatePath is null ? null : GetUnresolvedProviderPathFromPSPath(StatePath);
        _retryFolder = statePath is null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath : System.IO.Path.GetDirectoryName(statePath)!;
        _starter = new RunStarter(
            new StartSettings
            {
                StatePath = statePath,
                RunId = RunId,
                MaxEnqueuedTokens = MaxEnqueuedTokens,
                MaxConcurrentBatches = MaxConcurrentBatches,
                PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds),
                QuotaTimeout = QuotaTimeoutSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : null,
                MaxAttempts = MaxAttempts,
            },
            Hooks());
    }

    protected override async Task ProcessRecordAsync()
    {
        BlobBatchContext context = ContextResolver.Resolve(Context);
        if (ParameterSetName == RetrySet)
        {
            foreach (BlobBatchJob job in await _starter!.RetryFailedAsync(context, _retryFolder, CancelToken).ConfigureAwait(false))
            {
                Emit(job);
            }

            return;
        }

        IEnumerable<BatchInputFile> files = ParameterSetName == FileSet
            ? InputFile
            : RunStarter.PrepareFiles(Path.Select(p => ResolvedPaths[p]), context);
        foreach (BatchInputFile file in files)
        {
            // -Context wins: given on the command line, or bound from this very file by property name.
            foreach (BlobBatchJob job in await _starter!.StartAsync(file, Context ?? file.Context ?? context, attempt: 0, CancelToken).ConfigureAwait(false))
            {
                Emit(job);
            }
        }
    }

    protected override void ProcessRecord()
    {
        ResolvedPaths = Path.ToDictionary(p => p, p => GetUnresolvedProviderPathFromPSPath(p));
        base.ProcessRecord();
    }

    private Dictionary<string, string> ResolvedPaths { get; set; } = new();
}
