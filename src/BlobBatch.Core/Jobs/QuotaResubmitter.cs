using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Jobs;

/// <summary>
/// Where the service still fails a batch in validation for a full token queue (the older,
/// non-fail-fast behaviour), the batch is started again on the same input blob instead of failing the
/// run; the run's manifest then names the new batch.
/// </summary>
public sealed class QuotaResubmitter
{
    public const int MaxResubmissionsPerPart = 50;
    private const string TokenLimitCode = "token_limit_exceeded";

    private readonly Func<Connection.BlobBatchContext, BatchServiceClient> _clientFor;
    private readonly string? _statePath;
    private readonly Action<string> _report;
    private readonly Dictionary<string, int> _resubmissions = new(StringComparer.Ordinal);

    public QuotaResubmitter(Func<Connection.BlobBatchContext, BatchServiceClient> clientFor, string? statePath, Action<string> report)
    {
        _clientFor = clientFor;
        _statePath = statePath;
        _report = report;
    }

    public static bool FailedForQuota(BlobBatchJob job) =>
        job.Status == BatchStatus.Failed && job.Errors.Count > 0 && job.Errors.All(e => e.Code == TokenLimitCode)
        && !string.IsNullOrEmpty(job.InputBlob) && job.RunId is not null;

    /// <summary>True while a job failed for quota may still be started again: the wait is not over for it.</summary>
    public bool WillResubmit(BlobBatchJob job) =>
        FailedForQuota(job) && (!_resubmissions.TryGetValue(job.InputBlob!, out int count) || count < MaxResubmissionsPerPart);

    /// <summary>The job started again, or the same job when it may not be (limit reached, or the queue is still full).</summary>
    public async Task<BlobBatchJob> ResubmitAsync(BlobBatchJob job, CancellationToken cancellationToken)
    {
        string key = job.InputBlob!;
        _resubmissions.TryGetValue(key, out int count);
        if (count >= MaxResubmissionsPerPart)
        {
            return job;
        }

        _resubmissions[key] = count + 1;

        // The blob comes from the service's answer: a new batch is only ever pointed at the input container.
        BlobConfinement.RequireBlobName(job.Context, job.Context.InputContainer, job.InputBlob, BlobConfinement.InputOutsideContainer);
        BinaryData body = BatchCreateBody.ForBlob(
            new Uri(job.InputBlob!), BlobLocations.OutputFolderOf(job.Context, job.RunId!, job.OutputFolder), EndpointUrls.ForBatch(EndpointUrls.TryParse(job.Endpoint ?? string.Empty, out EndpointKind kind) ? kind : EndpointKind.ChatCompletions));
        BatchCreated created;
        try
        {
            created = await _clientFor(job.Context).CreateAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobBatchException ex) when (ex.ErrorId == "TokenLimitExceeded")
        {
            _report($"Batch {job.Id} failed for a full token queue; the queue is still full, trying again next round.");
            return job;
        }

        _report($"Batch {job.Id} failed for a full token queue; started its part again as batch {created.State.Id}.");
        await RecordAsync(job, created.State.Id, cancellationToken).ConfigureAwait(false);
        return job.WithState(created.State);
    }

    private async Task RecordAsync(BlobBatchJob job, string newBatchId, CancellationToken cancellationToken)
    {
        RunRecorder run = await RunRecorder.OpenAsync(job.Context, _statePath, job.RunId, cancellationToken).ConfigureAwait(false);
        RunPart? part = run.Manifest.FindByBatchId(job.Id);
        if (part is not null)
        {
            part.BatchId = newBatchId;
            await run.SaveAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
