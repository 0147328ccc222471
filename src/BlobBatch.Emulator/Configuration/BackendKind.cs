namespace BlobBatch.Emulator.Configuration;

public enum BackendKind
{
    Echo,
    Upstream,
}
