namespace BlobBatch.Emulator.Storage;

/// <summary>A container and an optional blob name or folder prefix inside the emulator's storage account.</summary>
public sealed record BlobLocation(string Container, string Name);
