namespace BlobBatch.Emulator.Batches;

/// <summary>One entry of a failed batch's errors.data.</summary>
public sealed record BatchError(string Code, string Message, string? Param = null, int? Line = null);
