namespace BlobBatch.Emulator.Pacing;

/// <summary>
/// One deployment's processing as a single server of fixed speed: it works through the lines of its in-progress
/// batches in batch-creation order (FIFO by sequence) at <c>tokensPerSecond</c>, so a batch's processing time is its
/// tokens ÷ the rate plus the tokens of the older batches still ahead of it, as the service's throughput makes it.
/// A lane that has nothing to do banks no time. Pure bookkeeping over times the caller passes (seconds on any
/// monotonic clock), so the schedule can be tested without sleeping; <see cref="TokenPacer"/> adds the waiting
/// and the locking.
/// </summary>
public sealed class TokenLane(double tokensPerSecond)
{
    // Below this a wait is rounding, not work: a token-thousandth.
    private const double Epsilon = 1e-3;

    private readonly SortedDictionary<long, Entry> _entries = [];
    private double _clock = double.NegativeInfinity;

    public double TokensPerSecond { get; } = tokensPerSecond > 0
        ? tokensPerSecond
        : throw new ArgumentOutOfRangeException(nameof(tokensPerSecond), "A lane needs a positive rate.");

    /// <summary>A batch joins with the tokens of the lines it has still to run; an older batch (lower sequence) goes ahead of younger ones.</summary>
    public Entry Enter(long sequence, double tokens, double now)
    {
        Advance(now);
        var entry = new Entry(sequence, Math.Max(0, tokens));
        _entries[sequence] = entry;
        return entry;
    }

    /// <summary>The batch is done, cancelled, expired or stopped: what it had not been served is no longer owed.</summary>
    public void Leave(Entry entry, double now)
    {
        Advance(now);
        if (_entries.TryGetValue(entry.Sequence, out Entry? current) && ReferenceEquals(current, entry))
        {
            _entries.Remove(entry.Sequence);
        }
    }

    /// <summary>A line claims its tokens; the answer is the served total the batch must reach before the line may run.</summary>
    public static double Reserve(Entry entry, double tokens)
    {
        entry.Reserved += tokens;
        return entry.Reserved;
    }

    /// <summary>Seconds from <paramref name="now"/> until the batch has been served <paramref name="target"/> tokens, if nothing joins or leaves meanwhile; 0 when it has.</summary>
    public double SecondsUntil(Entry entry, double target, double now)
    {
        Advance(now);
        double missing = Math.Min(target - entry.Served, entry.Remaining);
        if (missing <= Epsilon || !_entries.ContainsKey(entry.Sequence))
        {
            return 0;
        }

        double ahead = _entries.Values.TakeWhile(e => e.Sequence < entry.Sequence).Sum(e => e.Remaining);
        return (ahead + missing) / TokensPerSecond;
    }

    /// <summary>Serves the time since the last call, oldest batch first.</summary>
    private void Advance(double now)
    {
        if (double.IsNegativeInfinity(_clock) || now <= _clock)
        {
            _clock = Math.Max(_clock, now);
            return;
        }

        double budget = (now - _clock) * TokensPerSecond;
        _clock = now;
        foreach (Entry entry in _entries.Values)
        {
            double served = Math.Min(budget, entry.Remaining);
            entry.Remaining -= served;
            entry.Served += served;
            budget -= served;
            if (budget <= 0)
            {
                break;
            }
        }
    }

    /// <summary>One batch in the lane: tokens served so far, still to serve, and claimed by its running lines.</summary>
    public sealed class Entry(long sequence, double tokens)
    {
        public long Sequence { get; } = sequence;

        public double Remaining { get; internal set; } = tokens;

        public double Served { get; internal set; }

        public double Reserved { get; internal set; }
    }
}
