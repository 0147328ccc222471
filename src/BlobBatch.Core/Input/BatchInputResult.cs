using System.Collections.Generic;

namespace BlobBatch.Core.Input;

/// <summary>What writing or validating an input produced: its parts and, for rows, the side map.</summary>
public sealed class BatchInputResult
{
    public BatchInputResult(IReadOnlyList<BatchInputPart> parts, string deployment, EndpointKind endpoint, string? rowMapPath)
    {
        Parts = parts;
        Deployment = deployment;
        Endpoint = endpoint;
        RowMapPath = rowMapPath;
    }

    public IReadOnlyList<BatchInputPart> Parts { get; }

    public string Deployment { get; }

    public EndpointKind Endpoint { get; }

    public string? RowMapPath { get; }
}
