namespace BlobBatch.Emulator.Configuration;

/// <summary>What executes each request: the deterministic echo, or an OpenAI-compatible server on this machine.</summary>
public sealed class BackendOptions
{
    public BackendKind Kind { get; set; } = BackendKind.Echo;

    /// <summary>Base URL of the upstream, e.g. http://127.0.0.1:11434/v1; the line's path is appended.</summary>
    public string? UpstreamBaseUrl { get; set; }

    public string? UpstreamApiKey { get; set; }

    /// <summary>Upstream model name to send instead of the deployment name; null keeps the deployment name.</summary>
    public string? UpstreamModel { get; set; }
}
