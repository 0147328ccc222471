using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results.Usage;
using BlobBatch.Core.Workflows;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Uploads input parts that are still local and starts one batch per part, in blob mode.</summary>
[Cmdlet(VerbsLifecycle.Start, "BlobBatch", DefaultParameterSetName = InputSet, SupportsShouldProcess = true)]
[OutputType(typeof(BlobBatchJob))]
public sealed class StartBlobBatchCommand : AsyncPSCmdlet
{
    // Input files from New-BatchInputFile and JSONL files (by path, or piped from Get-ChildItem) share
    // one set: with two, a file piped with no other parameter would be held to the default set and refused.
    private const string InputSet = "Input";
    private const string RetrySet = "Retry";

    private RunStarter? _starter;
    private string _retryFolder = string.Empty;
    private IReadOnlyList<string> _paths = Array.Empty<string>();

    [Parameter(ValueFromPipeline = true, ParameterSetName = InputSet)]
    public BatchInputFile[] InputFile { get; set; } = Array.Empty<BatchInputFile>();

    /// <summary>Existing JSONL input files, wildcards allowed: validated (and split when over a limit) before anything is uploaded.</summary>
    [Parameter(Position = 0, ParameterSetName = InputSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Existing JSONL input files, taken as written; Get-ChildItem *.jsonl | Start-BlobBatch binds here by PSPath.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = InputSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

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

    /// <summary>The resources to spread the run's parts over (one is the usual case); bound from a piped input file's own context.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public BlobBatchContext[]? Context { get; set; }

    /// <summary>The deployments to spread the run's parts over, on each context; by default each part's own. Each part's lines name its target's deployment as uploaded.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DeploymentCompleter))]
    public string[] Deployment { get; set; } = Array.Empty<string>();

    /// <summary>Targets from New-BlobBatchTarget (a context with its own deployment names), for resources whose deployments are named differently; instead of -Context and -Deployment.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public RunTarget[] Target { get; set; } = Array.Empty<RunTarget>();

    /// <summary>Groups the batches of one invocation; new per invocation unless the parts were uploaded under one.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")]
    [ArgumentCompleter(typeof(RunIdCompleter))]
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

    /// <summary>Prices per million tokens (Input, CachedInput, Output): -WhatIf and -Verbose then show each part's estimated input cost.</summary>
    [Parameter]
    [TokenPriceTransformation]
    [ArgumentCompleter(typeof(PriceCompleter))]
    public TokenPrice? Price { get; set; }

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
                Price = Price,
            },
            Hooks());
    }

    protected override async Task ProcessRecordAsync()
    {
        if (Target.Length > 0 && Deployment.Length > 0)
        {
            throw new BlobBatchException("TargetConflict", ErrorKind.InvalidArgument,
                "-Target names each target's deployments; give -Deployment to New-BlobBatchTarget instead of beside -Target.");
        }

        if (ParameterSetName == RetrySet)
        {
            BlobBatchContext session = ContextResolver.ResolveAll(Context)[0];
            foreach (BlobBatchJob job in await _starter!.RetryFailedAsync(TargetsFor(null, session), session, _retryFolder, CancelToken).ConfigureAwait(false))
            {
                Emit(job);
            }

            return;
        }

        BlobBatchContext? fallback = Context is { Length: > 0 } ? Context[0] : null;
        IEnumerable<BatchInputFile> files = InputFile.Concat(_paths.Count == 0 ? Array.Empty<BatchInputFile>() : _starter!.PrepareFiles(_paths, fallback ?? ContextResolver.Resolve(null), CancelToken));
        foreach (BatchInputFile file in files)
        {
            // -Context wins: given on the command line, or bound from this very file by property name.
            BlobBatchContext context = fallback ?? file.Context ?? ContextResolver.Resolve(null);
            foreach (BlobBatchJob job in await _starter!.StartAsync(file, TargetsFor(file, context), context, attempt: 0, CancelToken).ConfigureAwait(false))
            {
                Emit(job);
            }
        }
    }

    /// <summary>Parts of a target that is still validating its first batch come out here, once every target has been judged.</summary>
    protected override async Task EndProcessingAsync()
    {
        foreach (BlobBatchJob job in await _starter!.FinishAsync(CancelToken).ConfigureAwait(false))
        {
            Emit(job);
        }
    }

    /// <summary>-Target as given; else each context (given, the file's, or the session's) with -Deployment or each part's own.</summary>
    private IReadOnlyList<RunTarget> TargetsFor(BatchInputFile? file, BlobBatchContext context) =>
        Target.Length > 0
            ? Target
            : (Context is { Length: > 0 } ? Context : new[] { file?.Context ?? context }).Select(c => new RunTarget(c, Deployment)).ToArray();

    protected override void ProcessRecord()
    {
        // On the pipeline thread, where the provider and the current folder may be read.
        _paths = InputPaths.Resolve(this, Path, LiteralPath);
        base.ProcessRecord();
    }
}
