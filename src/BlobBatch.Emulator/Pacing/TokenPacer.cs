using System.Collections.Concurrent;
using System.Diagnostics;
using BlobBatch.Emulator.Batches;
using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Pacing;

/// <summary>
/// Token-rate pacing: one <see cref="TokenLane"/> per deployment that has <see cref="DeploymentOptions.TokensPerSecond"/>.
/// A line's cost is its batch's quota estimate (<see cref="BatchRecord.EstimatedTokens"/>, the o200k prompt count the
/// enqueued-token quota uses) divided evenly over the batch's lines, so a batch takes its estimate ÷ the rate and the
/// quota and the pacing count the same tokens without counting them twice.
/// </summary>
public sealed class TokenPacer(EmulatorOptions options)
{
    private readonly ConcurrentDictionary<string, SharedLane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Puts a batch about to run <paramref name="pendingLines"/> lines into its deployment's lane; null when that deployment is not paced by tokens.</summary>
    public PacedBatch? Enter(BatchRecord batch, int pendingLines)
    {
        (string? deployment, long estimate, int total, long sequence) = BatchStore.Read(batch, b => (b.Deployment, b.EstimatedTokens, b.Total, b.Sequence));
        double rate = options.Deployments.FirstOrDefault(d => d.Name == deployment)?.TokensPerSecond ?? 0;
        if (deployment is null || rate <= 0 || total <= 0 || pendingLines <= 0)
        {
            return null;
        }

        SharedLane lane = _lanes.GetOrAdd(deployment, _ => new SharedLane(new TokenLane(rate)));
        double perLine = (double)estimate / total;
        return lane.Enter(sequence, perLine * pendingLines, perLine);
    }

    private static double Now() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>A lane behind a lock, with a signal that wakes waiting lines when a batch joins or leaves (the schedule changed).</summary>
    internal sealed class SharedLane(TokenLane lane)
    {
        private readonly object _gate = new();
        private CancellationTokenSource _changed = new();

        public PacedBatch Enter(long sequence, double tokens, double perLine)
        {
            TokenLane.Entry entry;
            CancellationTokenSource old;
            lock (_gate)
            {
                entry = lane.Enter(sequence, tokens, Now());
                old = Renew();
            }

            old.Cancel();
            return new PacedBatch(this, entry, perLine);
        }

        public void Leave(TokenLane.Entry entry)
        {
            CancellationTokenSource old;
            lock (_gate)
            {
                lane.Leave(entry, Now());
                old = Renew();
            }

            old.Cancel();
        }

        public async Task WaitAsync(TokenLane.Entry entry, double tokens, CancellationToken cancellationToken)
        {
            double target;
            lock (_gate)
            {
                target = TokenLane.Reserve(entry, tokens);
            }

            while (true)
            {
                double seconds;
                CancellationToken changed;
                lock (_gate)
                {
                    seconds = lane.SecondsUntil(entry, target, Now());
                    changed = _changed.Token;
                }

                // Under a millisecond the timer cannot wait anyway; the lane's clock keeps the total exact.
                if (seconds < 0.001)
                {
                    return;
                }

                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, changed);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(seconds), either.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // A batch joined or left: compute the wait again.
                }
            }
        }

        // The caller cancels the old signal outside the lock (waiters wake and take the lock). It is not disposed:
        // a waiter may be linking to its token right now, and a source without a timer holds nothing.
        private CancellationTokenSource Renew()
        {
            CancellationTokenSource old = _changed;
            _changed = new CancellationTokenSource();
            return old;
        }
    }

    /// <summary>A batch's place in its lane; each line waits its turn, and disposing leaves the lane.</summary>
    public sealed class PacedBatch : IDisposable
    {
        private readonly SharedLane _lane;
        private readonly TokenLane.Entry _entry;
        private readonly double _perLine;
        private int _hasLeft;

        internal PacedBatch(SharedLane lane, TokenLane.Entry entry, double perLine)
        {
            _lane = lane;
            _entry = entry;
            _perLine = perLine;
        }

        /// <summary>Returns when the lane has processed this line's tokens.</summary>
        public Task WaitTurnAsync(CancellationToken cancellationToken) => _lane.WaitAsync(_entry, _perLine, cancellationToken);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _hasLeft, 1) == 0)
            {
                _lane.Leave(_entry);
            }
        }
    }
}
