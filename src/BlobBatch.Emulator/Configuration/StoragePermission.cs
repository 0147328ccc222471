namespace BlobBatch.Emulator.Configuration;

/// <summary>What the emulator's identity may do in one container ("*" for every container).</summary>
public sealed class StoragePermission
{
    public string Container { get; set; } = "*";

    public bool Read { get; set; } = true;

    public bool Write { get; set; } = true;
}
