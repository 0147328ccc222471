using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Jobs;

/// <summary>
/// Submits parts in waves under a deployment's enqueued-token quota and a cap on running batches.
/// A part waits while the batches this run started would push the queue over the limit; a
/// token_limit_exceeded answer (someone else filled the queue) means wait and resubmit, never fail.
/// </summary>
public sealed class QuotaGate
{
    private readonly BatchServiceClient _client;
    private readonly long? _maxTokens;
    private readonly int? _maxConcurrent;
    private readonly TimeSpan _pollInterval;
    private readonly Action<string> _report;
    private readonly List<BlobBatchJob> _active = new();
    private long? _serviceMaximum;

    public QuotaGate(BatchServiceClient client, long? maxTokens, int? maxConcurrent, TimeSpan pollInterval, Action<string> report)
    {
        _client = client;
        _maxTokens = maxTokens;
        _maxConcurrent = maxConcurrent;
        _pollInterval = pollInterval;
        _report = report;
    }

    /// <summary>The limit in force: the one given, else the one the service reported.</summary>
    public long? TokenLimit => _maxTokens ?? _serviceMaximum;

    public async Task<BatchCreated> SubmitAsync(Func<Task<BatchCreated>> create, long tokens, string what, CancellationToken cancellationToken)
    {
        TimeSpan backoff = TimeSpan.FromSeconds(Math.Min(5, _pollInterval.TotalSeconds));
        while (true)
        {
            await WaitForRoomAsync(tokens, what, cancellationToken).ConfigureAwait(false);
            try
            {
                BatchCreated created = await create().ConfigureAwait(false);
                _serviceMaximum = created.MaximumEnqueuedTokens ?? _serviceMaximum;
                return created;
            }
            catch (BlobBatchException ex) when (ex.ErrorId == "TokenLimitExceeded")
            {
                _serviceMaximum = ex.Data[BatchServiceClient.MaximumEnqueuedTokensHeader] as long? ?? _serviceMaximum;
                if (ex.Data[BatchServiceClient.EnqueuedTokensHeader] is long enqueued && enqueued == 0)
                {
                    // Nothing is queued, yet the part does not fit: waiting would never end.
                    throw PartTooLarge(what, tokens, _serviceMaximum);
                }

                if (TokenLimit is long known && tokens > known)
                {
                    throw PartTooLarge(what, tokens, known);
                }

                _report($"{what}: the deployment's token queue is full; trying again in {backoff.TotalSeconds:N0} s.");
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(Math.Min(backoff.TotalSeconds * 2, Math.Max(_pollInterval.TotalSeconds, 5)));
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Track(BlobBatchJob job)
    {
        if (!job.IsTerminal)
        {
            _active.Add(job);
        }
    }

    private async Task WaitForRoomAsync(long tokens, string what, CancellationToken cancellationToken)
    {
        if (TokenLimit is long limit && tokens > limit)
        {
            throw PartTooLarge(what, tokens, limit);
        }

        while (!HasRoom(tokens))
        {
            _report($"{what} waits for room: {_active.Count} batch(es) of this run hold {Enqueued():N0} of {TokenLimit:N0} tokens.");
            await Task.Delay(_pollInterval, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static BlobBatchException PartTooLarge(string what, long tokens, long? limit) =>
        new("PartExceedsQuota", ErrorKind.QuotaExceeded,
            $"{what} needs about {tokens:N0} input tokens, more than the deployment's whole queue{(limit is long l ? $" ({l:N0})" : string.Empty)}. Split it smaller with New-BatchInputFile -MaxTokensPerFile.",
            what);

    private bool HasRoom(long tokens)
    {
        if (_active.Count == 0)
        {
            return true;
        }

        bool underCount = _maxConcurrent is not int cap || _active.Count < cap;
        bool underTokens = TokenLimit is not long limit || Enqueued() + tokens <= limit;
        return underCount && underTokens;
    }

    private long Enqueued() => _active.Sum(j => j.EstimatedTokens);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            BatchState state = await _client.GetAsync(_active[i].Id, cancellationToken).ConfigureAwait(false);
            if (state.IsTerminal)
            {
                _active.RemoveAt(i);
            }
        }
    }
}
