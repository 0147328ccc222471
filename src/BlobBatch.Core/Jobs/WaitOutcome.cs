using System.Collections.Generic;

namespace BlobBatch.Core.Jobs;

public sealed class WaitOutcome
{
    public WaitOutcome(IReadOnlyList<BlobBatchJob> jobs, bool timedOut)
    {
        Jobs = jobs;
        TimedOut = timedOut;
    }

    /// <summary>Every job in its last known state, in the order given.</summary>
    public IReadOnlyList<BlobBatchJob> Jobs { get; }

    public bool TimedOut { get; }
}
