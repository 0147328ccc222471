using System.Runtime.InteropServices;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Tests.IO;

// Alone: a test on another thread could take the freed blocks before the trim, or free its own.
[CollectionDefinition(nameof(NativeHeapTests), DisableParallelization = true)]
public class NativeHeapCollection
{
}

[Collection(nameof(NativeHeapTests))]
public class NativeHeapTests
{
    [Fact]
    public void TrimGivesFreedHeapMemoryBackToTheSystem()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            NativeHeap.Trim(); // A no-op elsewhere; it must not throw.
            return;
        }

        // 32 MB in 64 KB blocks (under glibc's mmap threshold, so they come from a heap), touched; then
        // every other one freed. Held blocks between them keep glibc from shrinking the heap itself,
        // so the freed 16 MB stay resident until a trim.
        const int blockBytes = 64 * 1024;
        var blocks = new IntPtr[512];
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(blockBytes);
            for (int offset = 0; offset < blockBytes; offset += 4096)
            {
                Marshal.WriteByte(blocks[i], offset, 1);
            }
        }

        try
        {
            for (int i = 0; i < blocks.Length; i += 2)
            {
                Marshal.FreeHGlobal(blocks[i]);
                blocks[i] = IntPtr.Zero;
            }

            long before = ResidentBytes();
            NativeHeap.Trim();
            long after = ResidentBytes();
            Assert.True(before - after > 8L << 20, $"resident memory fell by {(before - after) >> 20} MB, not by most of the 16 MB freed");
        }
        finally
        {
            foreach (IntPtr block in blocks)
            {
                if (block != IntPtr.Zero)
                {
                    Marshal.FreeHGlobal(block);
                }
            }
        }
    }

    private static long ResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmRSS line.");
    }
}
