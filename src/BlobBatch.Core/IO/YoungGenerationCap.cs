using System;
using System.Reflection;

namespace BlobBatch.Core.IO;

/// <summary>
/// Keeps the GC's youngest generation small while a streaming loop runs. The runtime lets gen0 grow
/// to a budget sized from the CPU cache (16 MB on a CPU with 32 MB of L3) before it collects, so a loop
/// that allocates a few KB per row and keeps none of it still touches that whole budget: most of what
/// writing or joining 100,000 rows added to a fresh pwsh's peak. Collecting gen0 after every 2 MB
/// allocated bounds it there (measured: 100k rows to JSONL peak about 8 MiB lower than with the GC's
/// budget, the join 3 MiB lower than at 4 MB), at no measurable cost in time, since a gen0 collection
/// of garbage that died young takes well under a millisecond.
/// </summary>
internal sealed class YoungGenerationCap
{
    private const long Step = 2L << 20;

    // GC.GetTotalAllocatedBytes counts every thread's allocations (the token workers allocate too) and
    // is cheap when imprecise. netstandard2.0 does not name it; Windows PowerShell's runtime lacks it,
    // and there the GC keeps its own budget.
    private static readonly Func<bool, long>? AllocatedBytes = FindAllocationCounter();

    private long _next;

    public YoungGenerationCap()
    {
        _next = AllocatedBytes is null ? long.MaxValue : AllocatedBytes(false) + Step;
    }

    /// <summary>Call once per row or line; collects gen0 when the process has allocated another 2 MB.</summary>
    public void Tick()
    {
        if (AllocatedBytes is null)
        {
            return;
        }

        long allocated = AllocatedBytes(false);
        if (allocated >= _next)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            _next = allocated + Step;
        }
    }

    private static Func<bool, long>? FindAllocationCounter()
    {
        MethodInfo? method = typeof(GC).GetMethod("GetTotalAllocatedBytes", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(bool) }, null);
        return method is null ? null : (Func<bool, long>)Delegate.CreateDelegate(typeof(Func<bool, long>), method);
    }
}
