using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
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

    private readonly Dictionary<BlobBatchContext, BatchServiceClient> _clients = new();
    private string? _runId;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FileSet)]
    public BatchInputFile[] InputFile { get; set; } = Array.Empty<BatchInputFile>();

    /// <summary>Existing JSONL input files: validated (and split when over a limit) before anything is uploaded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public BlobBatchContext? Context { get; set; }

    /// <summary>Groups the batches of one invocation; new per invocation unless the parts were uploaded under one.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")]
    public string? RunId { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        BlobBatchContext context = ContextResolver.Resolve(Context);
        foreach (BatchInputFile file in ParameterSetName == FileSet ? InputFile : ValidatedFiles(context))
        {
            await StartAsync(file, context).ConfigureAwait(false);
        }
    }

    private IEnumerable<BatchInputFile> ValidatedFiles(BlobBatchContext context)
    {
        var files = new List<BatchInputFile>();
        foreach (string path in Path)
        {
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            BatchInputResult result = JsonlInputFile.Prepare(full, null, new SplitLimits(), TokenCounter.ForModel(null), noSplit: false, force: false);
            foreach (BatchInputPart part in result.Parts)
            {
                files.Add(new BatchInputFile(part, result.Deployment, result.Endpoint, null, context));
            }
        }

        return files;
    }

    private async Task StartAsync(BatchInputFile file, BlobBatchContext fallback)
    {
        BlobBatchContext context = file.Context ?? fallback;
        string runId = file.RunId ?? (_runId ??= RunId ?? RunIds.New());
        Uri inputBlob = file.BlobUri ?? BlobLocations.InputBlob(context, runId, System.IO.Path.GetFileName(file.Path));
        string action = file.BlobUri is null ? $"Upload {file.Path} and start a batch of {file.RequestCount} requests" : $"Start a batch of {file.RequestCount} requests";
        if (!await ConfirmAsync(inputBlob.AbsoluteUri, action).ConfigureAwait(false))
        {
            return;
        }

        if (file.BlobUri is null)
        {
            EmitVerbose($"Uploading part {file.PartNumber}/{file.PartCount} ({file.Bytes:N0} bytes) to {inputBlob}.");
            await InputUploader.UploadAsync(context, file.Path, inputBlob, file.Sha256, null, CancelToken).ConfigureAwait(false);
        }

        Uri outputFolder = BlobLocations.OutputFolder(context, runId);
        EmitVerbose($"Creating a batch for {inputBlob} with output in {outputFolder}.");
        BatchCreated created = await ClientFor(context).CreateAsync(
            BatchCreateBody.ForBlob(inputBlob, outputFolder, EndpointUrls.For(file.Endpoint)), CancelToken).ConfigureAwait(false);
        if (created.EnqueuedTokens is long enqueued && created.MaximumEnqueuedTokens is long maximum)
        {
            EmitVerbose($"Batch {created.State.Id} created; the deployment has {enqueued:N0} of {maximum:N0} tokens enqueued.");
        }

        var origin = new JobOrigin(runId, file.PartNumber, file.PartCount, file.Path, file.RowMapPath, file.Deployment, file.EstimatedTokens);
        Emit(new BlobBatchJob(created.State, origin, context));
    }

    private BatchServiceClient ClientFor(BlobBatchContext context)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(context, out BatchServiceClient? client))
            {
                client = BatchServiceClient.Create(context);
                _clients[context] = client;
            }

            return client;
        }
    }
}
