using BlobBatch.Emulator.Batches;

namespace BlobBatch.Emulator.Input;

/// <summary>The bytes of a batch input and the blob's ETag, or why they could not be read.</summary>
public sealed record InputRead(byte[]? Content, string? ETag, BatchError? Error)
{
    public static InputRead Failed(string code, string message) => new(null, null, new BatchError(code, message));
}
