using System;
using System.Collections.Generic;
using System.Linq;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Runs;

/// <summary>
/// A run's state: its parts, their blobs and hashes, their batch ids, and where its rows are. Small
/// enough to rewrite after every change, so a process that dies loses nothing.
/// </summary>
public sealed class RunManifest
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public string RunId { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    public RunContextRecord Context { get; set; } = new();

    public List<RunPart> Parts { get; set; } = new();

    /// <summary>When the run was finished for good: saved with every request answered, or out of attempts. Later schedules see it and stop.</summary>
    public DateTime? DoneAt { get; set; }

    /// <summary>How the run ended, in words: "every request succeeded", or how many still failed after how many attempts.</summary>
    public string? Outcome { get; set; }

    public static RunManifest New(string runId, BlobBatchContext context) => new()
    {
        RunId = runId,
        Context = new RunContextRecord
        {
            Endpoint = context.Endpoint.AbsoluteUri,
            ApiVersion = context.ApiVersion,
            BlobEndpoint = context.BlobEndpoint.AbsoluteUri,
            InputContainer = context.InputContainer,
            OutputContainer = context.OutputContainer,
            OpenAIAuth = context.OpenAIAuth.ToString(),
            StorageAuth = context.StorageAuth.ToString(),
        },
    };

    /// <summary>
    /// The part of this attempt already holding this content, so starting the same input twice reuses its
    /// batch. Per attempt: a second retry of the same failing requests has the same content as the first,
    /// and is a new part all the same.
    /// </summary>
    public RunPart? FindPart(string sha256, int attempt) =>
        Parts.FirstOrDefault(p => p.Attempt == attempt && p.SupersededWhy is null && string.Equals(p.Sha256, sha256, StringComparison.Ordinal));

    /// <summary>The parts that stand for the run's requests: every recorded part but those sent elsewhere.</summary>
    public IEnumerable<RunPart> CurrentParts() => Parts.Where(p => p.SupersededWhy is null);

    /// <summary>Every resource the run's batches run on, the run's own first.</summary>
    public IReadOnlyList<string> Resources() =>
        new[] { Context.Endpoint }.Concat(Parts.Select(p => p.ResourceEndpoint).OfType<string>()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The resource a part's batch runs on: its own target's, or the run's for a part recorded before runs had targets.</summary>
    public string ResourceOf(RunPart part) => part.ResourceEndpoint ?? Context.Endpoint;

    public RunPart? FindByBatchId(string batchId) => Parts.FirstOrDefault(p => p.BatchId == batchId);
}
