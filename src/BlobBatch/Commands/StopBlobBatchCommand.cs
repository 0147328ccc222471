using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Cancels batches. Finished work is kept and can still be saved.</summary>
[Cmdlet(VerbsLifecycle.Stop, "BlobBatch", DefaultParameterSetName = JobSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BlobBatchJob))]
public sealed class StopBlobBatchCommand : AsyncPSCmdlet
{
    private const string JobSet = "Job";
    private const string IdSet = "Id";

    private readonly List<BlobBatchJob> _cancelled = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    public BlobBatchJob[] Job { get; set; } = Array.Empty<BlobBatchJob>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = IdSet)]
    public BlobBatchContext? Context { get; set; }

    /// <summary>Wait until the batches are cancelled (the service may take up to 10 minutes).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 60;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        IEnumerable<BlobBatchJob> targets = ParameterSetName == JobSet ? Job : ById();
        foreach (BlobBatchJob job in targets)
        {
            if (!await ConfirmAsync(job.Id, "Cancel the batch").ConfigureAwait(false))
            {
                continue;
            }

            EmitVerbose($"Cancelling batch {job.Id}.");
            try
            {
                BatchState state = await BatchServiceClient.For(job.Context).CancelAsync(job.Id, CancelToken).ConfigureAwait(false);
                _cancelled.Add(job.WithState(state));
            }
            catch (BlobBatchException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidOperation)
            {
                // An unknown or already finished batch is that item's failure, not the command's.
                EmitError(ErrorRecords.From(ex));
            }
        }
    }

    protected override async Task EndProcessingAsync()
    {
        IReadOnlyList<BlobBatchJob> jobs = _cancelled;
        if (Wait && jobs.Count > 0)
        {
            jobs = (await new BatchWaiter(BatchServiceClient.For)
                .WaitAsync(jobs, TimeSpan.FromSeconds(PollIntervalSeconds), null, null, CancelToken).ConfigureAwait(false)).Jobs;
        }

        if (PassThru)
        {
            foreach (BlobBatchJob job in jobs)
            {
                Emit(job);
            }
        }
    }

    private IEnumerable<BlobBatchJob> ById()
    {
        BlobBatchContext context = ContextResolver.Resolve(Context);
        foreach (string id in Id)
        {
            yield return new BlobBatchJob(new BatchState { Id = id, Status = BatchStatus.InProgress }, JobOrigin.Unknown, context);
        }
    }
}
