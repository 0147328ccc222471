namespace BlobBatch.Emulator.Input;

/// <summary>The APIs a batch can target; "/v1/x" and "/x" name the same one.</summary>
public static class EndpointPaths
{
    public const string ChatCompletions = "/chat/completions";
    public const string Responses = "/responses";
    public const string Embeddings = "/embeddings";

    private static readonly string[] Supported = [ChatCompletions, Responses, Embeddings];

    /// <summary>The service echoes "/v1/chat/completions" back as "/chat/completions"; so do we.</summary>
    public static string Normalise(string path)
    {
        string trimmed = path.Trim();
        return trimmed.StartsWith("/v1/", StringComparison.Ordinal) ? trimmed[3..] : trimmed;
    }

    public static bool IsSupported(string path) => Supported.Contains(Normalise(path), StringComparer.Ordinal);

    public static string SupportedList => "/chat/completions, /v1/chat/completions, /responses, /v1/responses, /embeddings, /v1/embeddings";
}
