using BlobBatch.Core.IO;

namespace BlobBatch.Core.Tests.IO;

// Only this class changes YoungGenerationPacer.Enabled; tests in it run one at a time.
public class YoungGenerationPacerTests
{
    // Garbage of about 1 KB a record, as a save's parsing and a CSV build's rows make.
    private static object Record(int i) => new byte[1000 + (i & 7)];

    [Fact]
    public void CollectsGen0OnceEveryStepAllocated()
    {
        var pacer = new YoungGenerationPacer();
        int before = GC.CollectionCount(0);
        const int records = 40_000; // about 40 MB: about twenty steps
        for (int i = 0; i < records; i++)
        {
            GC.KeepAlive(Record(i));
            pacer.Tick();
        }

        long steps = records * 1000L / YoungGenerationPacer.Step;
        // Other tests' threads allocate too and count towards a step; a check comes every 64 records at most.
        Assert.InRange(pacer.Collections, steps / 2, records / 64);
        Assert.True(GC.CollectionCount(0) - before >= pacer.Collections);
    }

    [Fact]
    public void LooksAtTheCounterOnlyEverySixtyFourthRecord()
    {
        var pacer = new YoungGenerationPacer();
        for (int i = 0; i < 63; i++)
        {
            // Each record alone is larger than a step, yet nothing is collected before the 64th.
            GC.KeepAlive(new byte[YoungGenerationPacer.Step + 1]);
            pacer.Tick();
        }

        Assert.Equal(0, pacer.Collections);
        pacer.Tick();
        Assert.Equal(1, pacer.Collections);
    }

    [Fact]
    public void ACheckLooksAtOnce()
    {
        var pacer = new YoungGenerationPacer();
        GC.KeepAlive(new byte[YoungGenerationPacer.Step + 1]);
        pacer.Check();
        Assert.Equal(1, pacer.Collections);
    }

    [Fact]
    public void OffLeavesTheRuntimesBudget()
    {
        try
        {
            YoungGenerationPacer.Enabled = false;
            var pacer = new YoungGenerationPacer();
            for (int i = 0; i < 40_000; i++)
            {
                GC.KeepAlive(Record(i));
                pacer.Tick();
            }

            Assert.Equal(0, pacer.Collections);
        }
        finally
        {
            YoungGenerationPacer.Enabled = true;
        }
    }
}
