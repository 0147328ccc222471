using BlobBatch.Core.IO;

namespace BlobBatch.Core.Tests.IO;

public class YoungGenerationCapTests
{
    private static object? _sink;

    [Fact]
    public void CollectsTheYoungGenerationOnceTwoMegabytesMoreAreAllocated()
    {
        var cap = new YoungGenerationCap();
        for (int i = 0; i < 3 * 1024; i++)
        {
            _sink = new byte[1024];
        }

        // Nothing is allocated between the two counts: only the tick can have collected.
        int before = GC.CollectionCount(0);
        cap.Tick();
        Assert.True(GC.CollectionCount(0) > before, "a tick after 3 MB of garbage collects gen0");
    }
}
