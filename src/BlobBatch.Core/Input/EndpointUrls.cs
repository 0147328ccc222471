using System;

namespace BlobBatch.Core.Input;

/// <summary>The url each request line and the batch carry. Azure accepts the paths with and without /v1.</summary>
public static class EndpointUrls
{
    public static string For(EndpointKind kind) => kind switch
    {
        EndpointKind.Responses => "/responses",
        EndpointKind.Embeddings => "/embeddings",
        _ => "/chat/completions",
    };

    /// <summary>
    /// The endpoint a batch is created with. Azure's own sample creates Responses batches with
    /// "/chat/completions" too: "While passing this parameter is required, the system will read your
    /// input file to determine if the chat completions or responses API is needed."
    /// (MicrosoftDocs/azure-ai-docs, articles/foundry/openai/includes/batch/batch-python.md, "Create batch job").
    /// </summary>
    public static string ForBatch(EndpointKind kind) => kind == EndpointKind.Embeddings ? For(kind) : For(EndpointKind.ChatCompletions);

    /// <summary>"/v1/chat/completions" and "/chat/completions" name the same API.</summary>
    public static string Normalize(string url) =>
        url.StartsWith("/v1/", StringComparison.Ordinal) ? url.Substring(3) : url;

    public static bool TryParse(string url, out EndpointKind kind)
    {
        switch (Normalize(url))
        {
            case "/chat/completions": kind = EndpointKind.ChatCompletions; return true;
            case "/responses": kind = EndpointKind.Responses; return true;
            case "/embeddings": kind = EndpointKind.Embeddings; return true;
            default: kind = default; return false;
        }
    }
}
