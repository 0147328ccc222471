namespace BlobBatch.Emulator.Files;

/// <summary>A file of the Files API, as persisted; content lives next to it.</summary>
public sealed class FileRecord
{
    public string Id { get; set; } = string.Empty;

    public long Sequence { get; set; }

    public long Bytes { get; set; }

    public long CreatedAt { get; set; }

    public long? ExpiresAt { get; set; }

    public string Filename { get; set; } = string.Empty;

    public string Purpose { get; set; } = string.Empty;

    // Batch input files go straight to "processed": the service validates them when a batch uses them.
    public string Status { get; set; } = "processed";
}
