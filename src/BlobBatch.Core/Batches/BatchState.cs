using System;
using System.Collections.Generic;

namespace BlobBatch.Core.Batches;

/// <summary>A batch as the service last described it.</summary>
public sealed class BatchState
{
    public string Id { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string? Endpoint { get; set; }

    public string? InputBlob { get; set; }

    public string? OutputBlob { get; set; }

    public string? ErrorBlob { get; set; }

    public string? InputFileId { get; set; }

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }

    public DateTime? CreatedAt { get; set; }

    public DateTime? InProgressAt { get; set; }

    public DateTime? FinalizingAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public DateTime? FailedAt { get; set; }

    public DateTime? ExpiredAt { get; set; }

    public DateTime? CancellingAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public int Total { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    public IReadOnlyList<BatchError> Errors { get; set; } = Array.Empty<BatchError>();

    public bool IsTerminal => BatchStatus.IsTerminal(Status);
}
