using System;

namespace BlobBatch.Core.Batches;

/// <summary>The service's status words (lower case on the wire) and which of them are final.</summary>
public static class BatchStatus
{
    public const string Validating = "validating";
    public const string Failed = "failed";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string status) =>
        status is Completed or Failed or Expired or Cancelled;

    /// <summary>Accepts legacy capitalised words ("Validating") some old previews sent.</summary>
    public static string Normalize(string? status) => (status ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "canceled" => Cancelled,
        "canceling" => Cancelling,
        var s => s,
    };

    public static bool Matches(string status, string filter) => string.Equals(status, Normalize(filter), StringComparison.Ordinal);
}
