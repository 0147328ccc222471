using System.Diagnostics;
using BlobBatch.Core.Tests.Input;

namespace BlobBatch.TokenCount;

/// <summary>One counter on one encoding, measured in this process, which has done nothing else.</summary>
internal sealed record Measurement(string Counter, string Encoding, double LoadMs, long HeapAfterLoad, long HeapAfterCounting, long Allocated, double CountMs, long Tokens, long Chars)
{
    public const int Passes = 5;

    public static Measurement Run(string counter, string encoding)
    {
        string[] texts = TokenComparisonTexts.All(encoding).ToArray();
        long chars = texts.Sum(t => (long)t.Length);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var load = Stopwatch.StartNew();
        Func<string, int> count = Counters.Create(counter, encoding);
        count("warm");
        load.Stop();
        long heapAfterLoad = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // The first pass warms the JIT and the library's caches; the best of the rest is reported.
        long tokens = CountAll(count, texts);
        double best = double.MaxValue;
        for (int pass = 0; pass < Passes; pass++)
        {
            var timer = Stopwatch.StartNew();
            CountAll(count, texts);
            best = Math.Min(best, timer.Elapsed.TotalMilliseconds);
        }

        long heapAfterCounting = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(count);
        return new Measurement(counter, encoding, load.Elapsed.TotalMilliseconds, heapAfterLoad, heapAfterCounting, allocated, best, tokens, chars);
    }

    private static long CountAll(Func<string, int> count, string[] texts)
    {
        long total = 0;
        foreach (string text in texts)
        {
            total += count(text);
        }

        return total;
    }
}
