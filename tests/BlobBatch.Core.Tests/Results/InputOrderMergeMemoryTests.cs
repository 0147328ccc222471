using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Ordering;

namespace BlobBatch.Core.Tests.Results;

/// <summary>Runs alone: live memory is a process-wide number, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements
{
}

[Collection(nameof(MemoryMeasurements))]
public class InputOrderMergeMemoryTests
{
    // Live managed memory (after a full collection) sampled every 25,000 records, with results arriving
    // in reverse input order, the merge's worst case. Measured: about 0.8 MiB at 10k and 100k, 1.4 MiB
    // at 1M (add an InlineData to see it again; 1M takes about ten seconds).
    [Theory]
    [InlineData(100_000)]
    public void MemoryStaysFlatHoweverManyResults(int count)
    {
        long start = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        void Sample(int i)
        {
            if (i % 25_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - start);
            }
        }

        using (var merge = new InputOrderMerge())
        {
            for (int i = count; i >= 1; i--)
            {
                merge.AddResult(new BatchResult { CustomId = $"row-{i}", Succeeded = true, StatusCode = 200, Content = $"echo: printer {i} jams", PromptTokens = 30, CompletionTokens = 12 });
                Sample(i);
            }

            for (int i = 1; i <= count; i++)
            {
                merge.AddInput($"row-{i}");
                Sample(i);
            }

            int read = 0;
            foreach (BatchResult _ in merge.ReadInInputOrder())
            {
                Sample(++read);
            }
        }

        Assert.InRange(peak, 0, 4L << 20);
    }
}
