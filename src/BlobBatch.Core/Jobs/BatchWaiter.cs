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

    public BatchWaiter(Func<BlobBatchContext, BatchServiceClient> clientFor) => _clientFor = clientFor;

    public async Task<WaitOutcome> WaitAsync(
        IReadOnlyList<BlobBatchJob> jobs, TimeSpan pollInterval, TimeSpan? timeout, IProgress<WaitProgress>? progress, CancellationToken cancellationToken)
    {
        var current = jobs.ToArray();
        var clients = new Dictionary<BlobBatchContext, BatchServiceClient>();
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            await RefreshAsync(current, clients, cancellationToken).ConfigureAwait(false);
            progress?.Report(Describe(current));
            if (current.All(j => j.IsTerminal))
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

    public static WaitProgress Describe(IReadOnlyList<BlobBatchJob> jobs)
    {
        string statusLine = string.Join(", ", jobs.GroupBy(j => j.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        return new WaitProgress(
            jobs.Count, jobs.Count(j => j.IsTerminal), jobs.Sum(j => j.TotalRequests), jobs.Sum(j => j.CompletedRequests), jobs.Sum(j => j.FailedRequests), statusLine);
    }

    private async Task RefreshAsync(BlobBatchJob[] jobs, Dictionary<BlobBatchContext, BatchServiceClient> clients, CancellationToken cancellationToken)
    {
        // A few at a time: 50 batches refresh quickly without a burst of 50 requests.
        using var gate = new SemaphoreSlim(4);
        var refreshes = new List<Task>();
        for (int i = 0; i < jobs.Length; i++)
        {
            if (jobs[i].IsTerminal)
            {
                continue;
            }

            int index = i;
            BatchServiceClient client = ClientFor(jobs[index].Context, clients);
            refreshes.Add(Task.Run(async () =>
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
            }, cancellationToken));
        }

        await Task.WhenAll(refreshes).ConfigureAwait(false);
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
