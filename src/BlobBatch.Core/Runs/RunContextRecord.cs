namespace BlobBatch.Core.Runs;

/// <summary>Where a run lives, without any secret: a resumed run checks the session's context against it.</summary>
public sealed class RunContextRecord
{
    public string Endpoint { get; set; } = string.Empty;

    public string ApiVersion { get; set; } = string.Empty;

    public string BlobEndpoint { get; set; } = string.Empty;

    public string InputContainer { get; set; } = string.Empty;

    public string OutputContainer { get; set; } = string.Empty;

    public string OpenAIAuth { get; set; } = string.Empty;

    public string StorageAuth { get; set; } = string.Empty;
}
