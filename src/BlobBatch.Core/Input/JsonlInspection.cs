namespace BlobBatch.Core.Input;

/// <summary>What a valid JSONL input holds, found in one streaming pass.</summary>
public sealed class JsonlInspection
{
    public JsonlInspection(long requests, long bytes, long estimatedTokens, string deployment, EndpointKind endpoint, string sha256)
    {
        Requests = requests;
        Bytes = bytes;
        EstimatedTokens = estimatedTokens;
        Deployment = deployment;
        Endpoint = endpoint;
        Sha256 = sha256;
    }

    public long Requests { get; }

    public long Bytes { get; }

    public long EstimatedTokens { get; }

    public string Deployment { get; }

    public EndpointKind Endpoint { get; }

    public string Sha256 { get; }
}
