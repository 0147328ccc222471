using System.Text.Json.Serialization;

namespace BlobBatch.Emulator.Batches;

/// <summary>
/// A batch as the emulator keeps it: the wire fields plus what it needs to run and resume.
/// Mutate only under <see cref="Gate"/>; the store persists snapshots taken under it.
/// </summary>
public sealed class BatchRecord
{
    [JsonIgnore]
    public object Gate { get; } = new();

    public string Id { get; set; } = string.Empty;

    /// <summary>Creation order; created_at has only whole seconds, so listing sorts on this.</summary>
    public long Sequence { get; set; }

    public string Endpoint { get; set; } = string.Empty;

    public string CompletionWindow { get; set; } = "24h";

    public string Status { get; set; } = BatchStatus.Validating;

    public long CreatedAt { get; set; }

    public long? InProgressAt { get; set; }

    public long? ExpiresAt { get; set; }

    public long? FinalizingAt { get; set; }

    public long? CompletedAt { get; set; }

    public long? FailedAt { get; set; }

    public long? ExpiredAt { get; set; }

    public long? CancellingAt { get; set; }

    public long? CancelledAt { get; set; }

    /// <summary>When the optional expiry is on: the moment (unix ms) unfinished requests become batch_expired.</summary>
    public long? ExpiryDeadlineMilliseconds { get; set; }

    public string? InputFileId { get; set; }

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }

    public string? InputBlob { get; set; }

    public string? OutputFolderUrl { get; set; }

    public string OutputDelimiter { get; set; } = "/";

    public string? OutputBlob { get; set; }

    public string? ErrorBlob { get; set; }

    /// <summary>The input blob's ETag when the batch was created; a different one later means input_modified.</summary>
    public string? InputETag { get; set; }

    /// <summary>The sub-folder of output_folder for this batch's results (lower-case, hyphenated).</summary>
    public string OutputGuid { get; set; } = string.Empty;

    public Dictionary<string, string>? Metadata { get; set; }

    public List<BatchError>? Errors { get; set; }

    public int Total { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    /// <summary>The deployment the lines name; its enqueued-token quota holds <see cref="EstimatedTokens"/> until a terminal state.</summary>
    public string? Deployment { get; set; }

    public long EstimatedTokens { get; set; }

    /// <summary>Set when the quota was full at create and the emulator plays the older, non-fail-fast service: validation fails it.</summary>
    public bool QuotaRefused { get; set; }

    [JsonIgnore]
    public bool IsBlobMode => InputBlob is not null;
}
