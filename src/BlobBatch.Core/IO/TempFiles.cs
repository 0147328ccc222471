using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>Scratch files for spilled indexes: in the temp folder, gone when closed (or when the process ends).</summary>
internal static class TempFiles
{
    public static FileStream CreateDeletedOnClose() =>
        new(Path.Combine(Path.GetTempPath(), "blobbatch-" + Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            1 << 16, FileOptions.DeleteOnClose);
}
