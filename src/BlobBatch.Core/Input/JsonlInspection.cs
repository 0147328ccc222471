namespace BlobBatch.Core.Input;

/// <summary>What a valid JSONL input holds, found in one streaming pass.</summary>
public sealed class JsonlInspection
{
    public JsonlInspection(long requests, long bytes, long estimatedTokens, string deployment, EndpointKind endpoint)
    {
        Requests = requests;
        Bytes = bytes;
        EstimatedTokens = estimatedTokens;
        Deployment = deployment;
        Endpoint = endpoint;
    }

    public long Requests { get; }

    public long Bytes { get; }

    public long EstimatedTokens { get; }

    public string Deployment { get; }

    public EndpointKind Endpoint { get; }
}
