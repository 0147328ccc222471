using System;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Workflows;

/// <summary>What Start-BlobBatch was told, as plain values (paths already resolved).</summary>
public sealed class StartSettings
{
    /// <summary>The local run manifest, a full path; null keeps the run in the output container only.</summary>
    public string? StatePath { get; set; }

    public string? RunId { get; set; }

    public long? MaxEnqueuedTokens { get; set; }

    public int? MaxConcurrentBatches { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many attempts a request gets in all (the run's own and its resubmissions); -RetryFailed stops there.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest one part may wait for token quota; null waits as long as it takes.</summary>
    public TimeSpan? QuotaTimeout { get; set; }

    /// <summary>Prices the input of each part in what -WhatIf and -Verbose say; null leaves cost out.</summary>
    public TokenPrice? Price { get; set; }
}
