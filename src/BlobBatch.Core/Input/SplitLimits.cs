namespace BlobBatch.Core.Input;

/// <summary>When a part is full. Defaults are the service's own limits.</summary>
public sealed class SplitLimits
{
    public const int ServiceMaxRequests = 100_000;
    // Blob mode (the only mode BlobBatch uses) takes 1 GB per input file, file mode 200 MB
    // (articles/foundry/openai/includes/global-batch-limits.md). "1 GB" read as decimal, the smaller
    // reading, so a part never exceeds either.
    public const long ServiceMaxBytes = 1_000_000_000;

    public int MaxRequests { get; set; } = ServiceMaxRequests;

    public long MaxBytes { get; set; } = ServiceMaxBytes;

    /// <summary>False to fail (too_many_tasks) rather than start a second part.</summary>
    public bool AllowSplit { get; set; } = true;

    /// <summary>Estimated input tokens per part; null for no budget.</summary>
    public long? MaxTokens { get; set; }
}
