using System;
using System.Runtime.InteropServices;

namespace BlobBatch.Core.IO;

/// <summary>
/// Gives the process's unused native heap back to the operating system before a large streaming run.
/// glibc keeps memory that was freed: in about half of all fresh pwsh processes, start-up leaves some
/// 10 MB of it in the main heap (measured: 26 MB resident before malloc_trim, 16 MB after), and a run's
/// peak then stands on memory nobody uses. Linux with glibc only; elsewhere, and where the call is
/// missing (musl), nothing happens.
/// </summary>
public static class NativeHeap
{
    public static void Trim()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return;
        }

        try
        {
            MallocTrim(UIntPtr.Zero);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator keeps its own counsel.
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(UIntPtr pad);
}
