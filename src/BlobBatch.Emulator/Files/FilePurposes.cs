namespace BlobBatch.Emulator.Files;

public static class FilePurposes
{
    public const string Batch = "batch";
    public const string BatchOutput = "batch_output";
}
