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

    /// <summary>
    /// Whether a batch created with <paramref name="batchEndpoint"/> takes lines for <paramref name="lineUrl"/> (both normalised).
    /// A /chat/completions batch also takes /responses lines: Azure's sample creates Responses batches
    /// that way, "the system will read your input file to determine if the chat completions or
    /// responses API is needed" (azure-ai-docs, foundry/openai/includes/batch/batch-python.md).
    /// </summary>
    public static bool Serves(string batchEndpoint, string lineUrl) =>
        lineUrl == batchEndpoint || (batchEndpoint == ChatCompletions && lineUrl == Responses);

    public static bool IsSupported(string path) => Supported.Contains(Normalise(path), StringComparer.Ordinal);

    public static string SupportedList => "/chat/completions, /v1/chat/completions, /responses, /v1/responses, /embeddings, /v1/embeddings";
}
