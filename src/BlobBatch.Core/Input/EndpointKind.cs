namespace BlobBatch.Core.Input;

/// <summary>The API every request of a batch targets.</summary>
public enum EndpointKind
{
    ChatCompletions,
    Responses,
    Embeddings,
}
