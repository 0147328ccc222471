using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Jobs;

/// <summary>
/// Waits for many batches together: one GET per unfinished batch per round, rounds spaced by the poll
/// interval with ±10 % jitter (so many waiters don't poll in step), ending when every batch is in a
/// terminal state or the timeout passes. Throttling (429, Retry-After) is handled by the client's
/// retry policy inside each GET.
/// </summary>
public sealed class BatchWaiter
{
    private readonly Func<BlobBatchContext, BatchServiceClient> _clientFor;
    private readonly Random _jitter = new();

    private readonly QuotaResubmitter? _resubmitter;

    public BatchWaiter(Func<BlobBatchContext, BatchServiceClient> clientFor, QuotaResubmitter? resubmitter = null)
    {
        _clientFor = clientFor;
        _resubmitter = resubmitter;
    }

    public async Task<WaitOutcome> WaitAsync(
        IReadOnlyList<BlobBatchJob> jobs, TimeSpan pollInterval, TimeSpan? timeout, IProgress<WaitProgress>? progress, CancellationToken cancellationToken)
    {
        var current = jobs.ToArray();
        var clients = new Dictionary<BlobBatchContext, BatchServiceClient>();
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            await RefreshAsync(current, clients, cancellationToken).ConfigureAwait(false);
            await ResubmitQuotaFailuresAsync(current, cancellationToken).ConfigureAwait(false);
            progress?.Report(Describe(current));
            if (current.All(j => j.IsTerminal && _resubmitter?.WillResubmit(j) != true))
            {
                return new WaitOutcome(current, timedOut: false);
            }

            TimeSpan delay = Jittered(pollInterval);
            if (timeout is TimeSpan limit)
            {
                TimeSpan left = limit - elapsed.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return new WaitOutcome(current, timedOut: true);
                }

                delay = delay < left ? delay : left;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ResubmitQuotaFailuresAsync(BlobBatchJob[] jobs, CancellationToken cancellationToken)
    {
        if (_resubmitter is null)
        {
            return;
        }

        for (int i = 0; i < jobs.Length; i++)
        {
            if (QuotaResubmitter.FailedForQuota(jobs[i]))
            {
                jobs[i] = await _resubmitter.ResubmitAsync(jobs[i], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static WaitProgress Describe(IReadOnlyList<BlobBatchJob> jobs)
    {
        string statusLine = string.Join(", ", jobs.GroupBy(j => j.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        return new WaitProgress(
            jobs.Count, jobs.Count(j => j.IsTerminal), jobs.Sum(j => j.TotalRequests), jobs.Sum(j => j.CompletedRequests), jobs.Sum(j => j.FailedRequests), statusLine)
        {
            Current = jobs,
        };
    }

    /// <summary>From this many unfinished batches on one resource, list pages (100 batches each) are cheaper than a GET per batch.</summary>
    public const int ListThreshold = 10;

    private const int ListPageSize = 100;

    private async Task RefreshAsync(BlobBatchJob[] jobs, Dictionary<BlobBatchContext, BatchServiceClient> clients, CancellationToken cancellationToken)
    {
        foreach (IGrouping<BlobBatchContext, int> group in Enumerable.Range(0, jobs.Length).Where(i => !jobs[i].IsTerminal).GroupBy(i => jobs[i].Context))
        {
            BatchServiceClient client = ClientFor(group.Key, clients);
            List<int> pending = group.ToList();
            if (pending.Count >= ListThreshold)
            {
                pending = await RefreshByListAsync(jobs, pending, client, cancellationToken).ConfigureAwait(false);
            }

            await RefreshOneByOneAsync(jobs, pending, client, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the newest-first list until every pending batch was seen or the pages are older than the
    /// oldest of them; returns those it did not see, for a GET each.
    /// </summary>
    private static async Task<List<int>> RefreshByListAsync(BlobBatchJob[] jobs, List<int> pending, BatchServiceClient client, CancellationToken cancellationToken)
    {
        var byId = pending.ToDictionary(i => jobs[i].Id, StringComparer.Ordinal);
        DateTime? oldest = pending.Min(i => jobs[i].CreatedAt);
        int maxPages = (pending.Count / ListPageSize) + 3;
        string? after = null;
        for (int page = 0; page < maxPages && byId.Count > 0; page++)
        {
            BatchPage batches = await client.ListAsync(after, ListPageSize, cancellationToken).ConfigureAwait(false);
            foreach (BatchState state in batches.Batches)
            {
                if (byId.TryGetValue(state.Id, out int index))
                {
                    jobs[index] = jobs[index].WithState(state);
                    byId.Remove(state.Id);
                }
            }

            BatchState? last = batches.Batches.Count > 0 ? batches.Batches[batches.Batches.Count - 1] : null;
            if (!batches.HasMore || last is null || (oldest is DateTime limit && last.CreatedAt is DateTime created && created < limit))
            {
                break;
            }

            after = batches.LastId;
        }

        return byId.Values.ToList();
    }

    private static async Task RefreshOneByOneAsync(BlobBatchJob[] jobs, List<int> pending, BatchServiceClient client, CancellationToken cancellationToken)
    {
        // A few at a time: many batches refresh quickly without a burst of requests.
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(pending.Select(index => Task.Run(async () =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                BatchState state = await client.GetAsync(jobs[index].Id, cancellationToken).ConfigureAwait(false);
                jobs[index] = jobs[index].WithState(state);
            }
            finally
            {
                gate.Release();
            }
        }, cancellationToken))).ConfigureAwait(false);
    }

    private BatchServiceClient ClientFor(BlobBatchContext context, Dictionary<BlobBatchContext, BatchServiceClient> clients)
    {
        if (!clients.TryGetValue(context, out BatchServiceClient? client))
        {
            client = _clientFor(context);
            clients[context] = client;
        }

        return client;
    }

    private TimeSpan Jittered(TimeSpan interval)
    {
        double factor;
        lock (_jitter)
        {
            factor = 0.9 + (_jitter.NextDouble() * 0.2);
        }

        return TimeSpan.FromMilliseconds(interval.TotalMilliseconds * factor);
    }
}
