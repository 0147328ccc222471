using System;
using System.Collections.Generic;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Jobs;

/// <summary>
/// A batch as the module shows it: the service's view plus where it came from in a run, and the
/// context to reach it, so Wait-BlobBatch and Save-BatchResult bind it straight from the pipeline.
/// </summary>
public sealed class BlobBatchJob
{
    public BlobBatchJob(BatchState state, JobOrigin origin, BlobBatchContext context)
    {
        State = state;
        Origin = origin;
        Context = context;
    }

    public string Id => State.Id;

    public string Status => State.Status;

    public int TotalRequests => State.Total;

    public int CompletedRequests => State.Completed;

    public int FailedRequests => State.Failed;

    public DateTime? CreatedAt => State.CreatedAt;

    public DateTime? InProgressAt => State.InProgressAt;

    public DateTime? FinalizingAt => State.FinalizingAt;

    public DateTime? CompletedAt => State.CompletedAt;

    public DateTime? FailedAt => State.FailedAt;

    public DateTime? ExpiredAt => State.ExpiredAt;

    public DateTime? CancellingAt => State.CancellingAt;

    public DateTime? CancelledAt => State.CancelledAt;

    public DateTime? ExpiresAt => State.ExpiresAt;

    public string? Endpoint => State.Endpoint;

    public string? InputBlob => State.InputBlob;

    public string? OutputBlob => State.OutputBlob;

    public string? ErrorBlob => State.ErrorBlob;

    public IReadOnlyList<BatchError> Errors => State.Errors;

    public bool IsTerminal => State.IsTerminal;

    public string? RunId => Origin.RunId;

    public int PartNumber => Origin.PartNumber;

    public int PartCount => Origin.PartCount;

    public string? InputPath => Origin.InputPath;

    public string? RowMapPath => Origin.RowMapPath;

    /// <summary>The side map's copy in the output container, when the run keeps one.</summary>
    public string? RowMapBlob => Origin.RowMapBlob;

    public string? Deployment => Origin.Deployment;

    public long EstimatedTokens => Origin.EstimatedTokens;

    public int Attempt => Origin.Attempt;

    /// <summary>The part's own folder in the output container (a blob name), when its run recorded one.</summary>
    public string? OutputFolder => Origin.OutputFolder;

    public BlobBatchContext Context { get; }

    internal BatchState State { get; }

    internal JobOrigin Origin { get; }

    public BlobBatchJob WithState(BatchState state) => new(state, Origin, Context);

    public override string ToString() => $"{Id} ({Status}, {CompletedRequests + FailedRequests}/{TotalRequests})";
}
