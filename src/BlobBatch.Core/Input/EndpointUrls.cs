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
