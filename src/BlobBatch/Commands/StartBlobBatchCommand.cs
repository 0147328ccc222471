using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Storage;
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

    private readonly Dictionary<BlobBatchContext, (BatchServiceClient Client, QuotaGate Gate)> _clients = new();
    private RunRecorder? _run;

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

    /// <summary>Seconds between checks while parts wait for quota.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 60;

    protected override async Task ProcessRecordAsync()
    {
        BlobBatchContext context = ContextResolver.Resolve(Context);
        if (ParameterSetName == RetrySet)
        {
            await RetryAsync(context).ConfigureAwait(false);
            return;
        }

        foreach (BatchInputFile file in ParameterSetName == FileSet ? InputFile : ValidatedFiles(context))
        {
            await StartAsync(file, context, attempt: 0).ConfigureAwait(false);
        }
    }

    private async Task RetryAsync(BlobBatchContext context)
    {
        if (StatePath is null && RunId is null)
        {
            throw new BlobBatchException("RunNotSpecified", ErrorKind.InvalidArgument, "-RetryFailed needs the run: pass -StatePath or -RunId.");
        }

        IReadOnlyList<BlobBatchJob> jobs = await RunSource.JobsAsync(this, context, StatePath, RunId, CancelToken).ConfigureAwait(false);
        string folder = StatePath is null
            ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
            : System.IO.Path.GetDirectoryName(GetUnresolvedProviderPathFromPSPath(StatePath))!;
        BatchInputResult? retry = await RetryPlanner.BuildAsync(jobs, folder, CancelToken).ConfigureAwait(false);
        if (retry is null)
        {
            EmitVerbose("Every request of the run succeeded; nothing to resubmit.");
            return;
        }

        int attempt = jobs.Max(j => j.Attempt) + 1;
        EmitVerbose($"Resubmitting {retry.Parts.Sum(p => p.RequestCount)} request(s) as attempt {attempt}.");
        foreach (BatchInputPart part in retry.Parts)
        {
            await StartAsync(new BatchInputFile(part, retry.Deployment, retry.Endpoint, retry.RowMapPath, context), context, attempt).ConfigureAwait(false);
        }
    }

    private IEnumerable<BatchInputFile> ValidatedFiles(BlobBatchContext context)
    {
        var files = new List<BatchInputFile>();
        foreach (string path in Path)
        {
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            BatchInputResult result = JsonlInputFile.Prepare(full, null, new SplitLimits(), TokenCounter.ForModel(null), force: false);
            foreach (BatchInputPart part in result.Parts)
            {
                files.Add(new BatchInputFile(part, result.Deployment, result.Endpoint, null, context));
            }
        }

        return files;
    }

    private async Task StartAsync(BatchInputFile file, BlobBatchContext fallback, int attempt)
    {
        // -Context wins: given on the command line, or bound from this very file by property name.
        BlobBatchContext context = Context ?? file.Context ?? fallback;
        RunRecorder run = _run ??= await RunRecorder.OpenAsync(
            context, StatePath is null ? null : GetUnresolvedProviderPathFromPSPath(StatePath), RunId ?? file.RunId, CancelToken).ConfigureAwait(false);
        string runId = run.RunId;
        RunPart? recorded = run.Manifest.FindBySha256(file.Sha256);
        if (recorded?.BatchId is string existing)
        {
            EmitVerbose($"Part {file.PartNumber}/{file.PartCount} already runs as batch {existing} in run {runId}; not starting it again.");
            BatchState state = await (await ReadyClientAsync(context).ConfigureAwait(false)).Client.GetAsync(existing, CancelToken).ConfigureAwait(false);
            Emit(new BlobBatchJob(state, OriginOf(recorded, runId), context));
            return;
        }

        Uri inputBlob = recorded is not null ? new Uri(recorded.InputBlob)
            : file.BlobUri ?? BlobLocations.InputBlob(context, runId, System.IO.Path.GetFileName(file.Path));
        bool upload = recorded is null && file.BlobUri is null;
        string action = upload ? $"Upload {file.Path} and start a batch of {file.RequestCount} requests" : $"Start a batch of {file.RequestCount} requests";
        if (!await ConfirmAsync(inputBlob.AbsoluteUri, action).ConfigureAwait(false))
        {
            return;
        }

        (BatchServiceClient client, QuotaGate gate) = await ReadyClientAsync(context).ConfigureAwait(false);
        if (upload)
        {
            EmitVerbose($"Uploading part {file.PartNumber}/{file.PartCount} ({file.Bytes:N0} bytes) to {inputBlob}.");
            await InputUploader.UploadAsync(context, file.Path, inputBlob, file.Sha256, null, CancelToken).ConfigureAwait(false);
        }

        RunPart part = recorded ?? new RunPart
        {
            PartNumber = file.PartNumber,
            PartCount = file.PartCount,
            InputPath = file.Path,
            InputBlob = inputBlob.AbsoluteUri,
            Sha256 = file.Sha256,
            RequestCount = file.RequestCount,
            EstimatedTokens = file.EstimatedTokens,
            Deployment = file.Deployment,
            Endpoint = EndpointUrls.For(file.Endpoint),
            RowMapPath = file.RowMapPath,
            Attempt = attempt,
        };
        if (recorded is null)
        {
            // Recorded before the create call: a process that dies in between resumes at create, without a second upload.
            run.Manifest.Parts.Add(part);
            await run.SaveAsync(CancelToken).ConfigureAwait(false);
        }

        Uri outputFolder = BlobLocations.OutputFolder(context, runId);
        EmitVerbose($"Creating a batch for {inputBlob} with output in {outputFolder}.");
        BinaryData body = BatchCreateBody.ForBlob(inputBlob, outputFolder, EndpointUrls.ForBatch(file.Endpoint));
        BatchCreated created = await gate.SubmitAsync(
            () => client.CreateAsync(body, CancelToken), file.EstimatedTokens, $"Part {file.PartNumber}/{file.PartCount}", CancelToken).ConfigureAwait(false);
        if (created.EnqueuedTokens is long enqueued && created.MaximumEnqueuedTokens is long maximum)
        {
            EmitVerbose($"Batch {created.State.Id} created; the deployment has {enqueued:N0} of {maximum:N0} tokens enqueued.");
        }

        part.BatchId = created.State.Id;
        part.Status = created.State.Status;
        await run.SaveAsync(CancelToken).ConfigureAwait(false);
        var job = new BlobBatchJob(created.State, OriginOf(part, runId), context);
        gate.Track(job);
        Emit(job);
    }

    private static JobOrigin OriginOf(RunPart part, string runId) =>
        new(runId, part.PartNumber, part.PartCount, part.InputPath, part.RowMapPath, part.Deployment, part.EstimatedTokens, part.Attempt);

    /// <summary>
    /// The client for a context, proven on first use by a one-item list: a wrong key, a wrong endpoint
    /// or an api-version the resource refuses stops the run before anything is uploaded.
    /// </summary>
    private async Task<(BatchServiceClient Client, QuotaGate Gate)> ReadyClientAsync(BlobBatchContext context)
    {
        if (!_clients.TryGetValue(context, out var pair))
        {
            BatchServiceClient client = BatchServiceClient.For(context);
            EmitVerbose($"Checking that {context.Endpoint} answers and accepts the credential.");
            await client.ListAsync(null, 1, CancelToken).ConfigureAwait(false);
            pair = (client, new QuotaGate(client, MaxEnqueuedTokens, MaxConcurrentBatches, TimeSpan.FromSeconds(PollIntervalSeconds), EmitVerbose));
            _clients[context] = pair;
        }

        return pair;
    }
}
