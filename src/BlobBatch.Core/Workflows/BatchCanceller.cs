using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Cancels batches, each after the confirm hook agrees; finished work is kept and can still be saved.
/// A batch that has already ended (or is being cancelled) is passed over with a warning, not an error,
/// so `Get-BlobBatch | Stop-BlobBatch` cancels what runs and leaves the rest.
/// </summary>
public sealed class BatchCanceller
{
    private readonly WorkflowHooks _hooks;

    public BatchCanceller(WorkflowHooks hooks) => _hooks = hooks;

    /// <summary>The batch as the service answered the cancel; null when not confirmed or already ended. An unknown batch throws its error.</summary>
    public async Task<BlobBatchJob?> CancelAsync(BlobBatchJob job, CancellationToken cancellationToken)
    {
        if (IsPast(job))
        {
            WarnEnded(job);
            return null;
        }

        if (!await _hooks.Confirm(job.Id, "Cancel the batch").ConfigureAwait(false))
        {
            return null;
        }

        _hooks.Log($"Cancelling batch {job.Id}.");
        BatchServiceClient client = BatchServiceClient.For(job.Context);
        try
        {
            return job.WithState(await client.CancelAsync(job.Id, cancellationToken).ConfigureAwait(false));
        }
        catch (BlobBatchException ex) when (ex.ErrorId == "BatchConflict")
        {
            // The job was a snapshot (or a bare id): the batch ended since. Say so if that is why; else the conflict stands.
            BlobBatchJob now = job.WithState(await client.GetAsync(job.Id, cancellationToken).ConfigureAwait(false));
            if (!IsPast(now))
            {
                throw;
            }

            WarnEnded(now);
            return null;
        }
    }

    /// <summary>Waits until the cancelled batches reach a terminal state (the service may take up to 10 minutes).</summary>
    public async Task<IReadOnlyList<BlobBatchJob>> WaitCancelledAsync(IReadOnlyList<BlobBatchJob> jobs, TimeSpan pollInterval, CancellationToken cancellationToken) =>
        (await new BatchWaiter(BatchServiceClient.For).WaitAsync(jobs, pollInterval, null, null, cancellationToken).ConfigureAwait(false)).Jobs;

    private static bool IsPast(BlobBatchJob job) => job.IsTerminal || job.Status == BatchStatus.Cancelling;

    private void WarnEnded(BlobBatchJob job) =>
        _hooks.Warn(job.Status == BatchStatus.Cancelling
            ? $"Batch {job.Id} is already being cancelled; nothing to do."
            : $"Batch {job.Id} has already ended ({job.Status}); nothing to cancel.");
}
