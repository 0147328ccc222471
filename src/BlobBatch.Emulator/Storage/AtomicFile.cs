namespace BlobBatch.Emulator.Storage;

/// <summary>Writes a whole file so a reader (or a restart after a crash) sees the old or the new content, never half.</summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        string temp = path + "." + Guid.NewGuid().ToString("n") + ".tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Temp files left by a crash between write and rename.</summary>
    public static void RemoveLeftovers(string folder)
    {
        foreach (string temp in Directory.EnumerateFiles(folder, "*.tmp"))
        {
            File.Delete(temp);
        }
    }
}
