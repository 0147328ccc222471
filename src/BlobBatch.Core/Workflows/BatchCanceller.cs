using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Workflows;

/// <summary>Cancels batches, each after the confirm hook agrees; finished work is kept and can still be saved.</summary>
public sealed class BatchCanceller
{
    private readonly WorkflowHooks _hooks;

    public BatchCanceller(WorkflowHooks hooks) => _hooks = hooks;

    /// <summary>The batch as the service answered the cancel; null when not confirmed. An unknown or finished batch throws its error.</summary>
    public async Task<BlobBatchJob?> CancelAsync(BlobBatchJob job, CancellationToken cancellationToken)
    {
        if (!await _hooks.Confirm(job.Id, "Cancel the batch").ConfigureAwait(false))
        {
            return null;
        }

        _hooks.Log($"Cancelling batch {job.Id}.");
        BatchState state = await BatchServiceClient.For(job.Context).CancelAsync(job.Id, cancellationToken).ConfigureAwait(false);
        return job.WithState(state);
    }

    /// <summary>Waits until the cancelled batches reach a terminal state (the service may take up to 10 minutes).</summary>
    public async Task<IReadOnlyList<BlobBatchJob>> WaitCancelledAsync(IReadOnlyList<BlobBatchJob> jobs, TimeSpan pollInterval, CancellationToken cancellationToken) =>
        (await new BatchWaiter(BatchServiceClient.For).WaitAsync(jobs, pollInterval, null, null, cancellationToken).ConfigureAwait(false)).Jobs;
}
