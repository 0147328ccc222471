namespace BlobBatch.Core.Input;

/// <summary>What every request line of one input shares.</summary>
public sealed class RequestSettings
{
    public RequestSettings(string deployment, EndpointKind endpoint)
    {
        Deployment = deployment;
        Endpoint = endpoint;
    }

    public string Deployment { get; }

    public EndpointKind Endpoint { get; }

    public int? MaxTokens { get; set; }

    public double? Temperature { get; set; }

    /// <summary>reasoning_effort (chat) or reasoning.effort (Responses), for reasoning models.</summary>
    public ReasoningEffort? ReasoningEffort { get; set; }

    /// <summary>Further body fields as a JSON object, written unchanged after BlobBatch's own (seed, top_p, service_tier, …).</summary>
    public string? ExtraBodyJson { get; set; }

    /// <summary>A JSON schema the answer must follow, as JSON text.</summary>
    public string? ResponseSchemaJson { get; set; }

    public string ResponseSchemaName { get; set; } = "result";
}
