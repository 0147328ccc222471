using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>
/// Scratch files for spilled indexes: in the temp folder, gone when closed (or when the process ends).
/// Unbuffered: every read and write is already a whole block, and a buffer would turn each small
/// random read into a 64 KiB one.
/// </summary>
internal static class TempFiles
{
    public static FileStream CreateDeletedOnClose() =>
        new(Path.Combine(Path.GetTempPath(), "blobbatch-" + Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 1, FileOptions.DeleteOnClose);
}
