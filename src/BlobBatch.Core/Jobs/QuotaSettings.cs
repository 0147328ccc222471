using System;

namespace BlobBatch.Core.Jobs;

/// <summary>How a run uses a deployment's enqueued-token quota.</summary>
public sealed class QuotaSettings
{
    /// <summary>The limit to keep under; null to learn it from the service.</summary>
    public long? MaxEnqueuedTokens { get; set; }

    public int? MaxConcurrentBatches { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a part may wait for quota; null waits as long as it takes.</summary>
    public TimeSpan? Timeout { get; set; }
}
