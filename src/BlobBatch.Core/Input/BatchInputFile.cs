using System;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Input;

/// <summary>One input part as the module shows it: on disk, and once uploaded, in the input container.</summary>
public sealed class BatchInputFile
{
    public BatchInputFile(BatchInputPart part, string deployment, EndpointKind endpoint, string? rowMapPath, BlobBatchContext? context, Uri? blobUri = null, string? runId = null)
    {
        Part = part;
        Deployment = deployment;
        Endpoint = endpoint;
        RowMapPath = rowMapPath;
        Context = context;
        BlobUri = blobUri;
        RunId = runId;
    }

    public string Path => Part.Path;

    public Uri? BlobUri { get; }

    public int PartNumber => Part.PartNumber;

    public int PartCount => Part.PartCount;

    public int RequestCount => Part.RequestCount;

    public long Bytes => Part.Bytes;

    public long EstimatedTokens => Part.EstimatedTokens;

    /// <summary>What <see cref="EstimatedTokens"/> cost as input at the price New-BatchInputFile -Price was given; null without one.</summary>
    public decimal? EstimatedInputCost { get; private set; }

    public string Sha256 => Part.Sha256;

    public string Deployment { get; }

    public EndpointKind Endpoint { get; }

    public string? RowMapPath { get; }

    public string? RunId { get; }

    public BlobBatchContext? Context { get; }

    internal BatchInputPart Part { get; }

    public BatchInputFile Uploaded(Uri blobUri, string runId, BlobBatchContext context) =>
        new(Part, Deployment, Endpoint, RowMapPath, context, blobUri, runId);

    /// <summary>This file with its input priced (unchanged without a price).</summary>
    public BatchInputFile Priced(TokenPrice? price)
    {
        EstimatedInputCost = price?.InputCostOf(EstimatedTokens);
        return this;
    }

    public override string ToString() => Path;
}
