using System;
using System.Collections.Generic;
using System.Linq;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Results;

/// <summary>How one batch of a saved run ended: its status, why it failed, and how long it took from created to its end.</summary>
public sealed class BatchOutcome
{
    public string BatchId { get; set; } = string.Empty;

    public int PartNumber { get; set; }

    public int PartCount { get; set; }

    public int Attempt { get; set; }

    public string Status { get; set; } = string.Empty;

    public DateTime? CreatedAt { get; set; }

    /// <summary>When it completed, failed, expired or was cancelled.</summary>
    public DateTime? EndedAt { get; set; }

    public TimeSpan? Duration => CreatedAt is DateTime start && EndedAt is DateTime end ? end - start : null;

    /// <summary>The service's codes for a batch that failed validation, as "code (line n): message".</summary>
    public IReadOnlyList<string> Errors { get; set; } = Array.Empty<string>();

    public static BatchOutcome Of(BlobBatchJob job) => new()
    {
        BatchId = job.Id,
        PartNumber = job.PartNumber,
        PartCount = job.PartCount,
        Attempt = job.Attempt,
        Status = job.Status,
        CreatedAt = job.CreatedAt,
        EndedAt = job.CompletedAt ?? job.FailedAt ?? job.ExpiredAt ?? job.CancelledAt,
        Errors = job.Errors.Select(e => e.ToString()).ToList(),
    };

    /// <summary>Why requests of this batch may not have run; null when it completed.</summary>
    public string? WhyNotRun() => Status switch
    {
        "completed" => null,
        "failed" when Errors.Count > 0 => $"batch {BatchId}{Part} failed validation: {string.Join("; ", Errors.Take(3))}",
        _ => $"batch {BatchId}{Part} ended {Status} before every request ran",
    };

    private string Part => PartCount > 0 ? $" (part {PartNumber}/{PartCount})" : string.Empty;
}
