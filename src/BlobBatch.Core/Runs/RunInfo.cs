using System;
using System.Linq;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Runs;

/// <summary>A run as its manifest in the output container records it (statuses as last seen by the module; Get-BlobBatch reads them live).</summary>
public sealed class RunInfo
{
    internal RunInfo(RunManifest manifest, BlobBatchContext context)
    {
        RunId = manifest.RunId;
        CreatedAt = manifest.CreatedAt.ToLocalTime();
        UpdatedAt = manifest.UpdatedAt.ToLocalTime();
        Parts = manifest.CurrentParts().Count(p => p.Attempt == 0 && p.QuotaSplitTokens is null);
        Attempts = manifest.Parts.Count == 0 ? 0 : manifest.Parts.Max(p => p.Attempt) + 1;
        Requests = manifest.CurrentParts().Where(p => p.Attempt == 0 && p.QuotaSplitTokens is null).Sum(p => p.RequestCount);
        Statuses = string.Join(", ", manifest.CurrentParts().Where(p => p.BatchId is not null)
            .GroupBy(p => p.Status ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        Done = manifest.DoneAt is not null;
        DoneAt = manifest.DoneAt?.ToLocalTime();
        Outcome = manifest.Outcome;
        Status = Done ? "done"
            : manifest.CurrentParts().Any(p => p.BatchId is not null) && manifest.CurrentParts().Where(p => p.BatchId is not null).All(p => Batches.BatchStatus.IsTerminal(p.Status ?? string.Empty)) ? "finished"
            : "running";
        Targets = string.Join(", ", manifest.CurrentParts().Where(p => p.BatchId is not null)
            .Select(p => $"{new Uri(manifest.ResourceOf(p)).Authority}/{p.Deployment}").Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal));
        Context = context;
    }

    /// <summary>Where the run's batches run: resource and deployment of each target, e.g. "east.openai.azure.com/gpt-4o-batch, west.openai.azure.com/gpt-4o-batch".</summary>
    public string Targets { get; }

    public string RunId { get; }

    public DateTime CreatedAt { get; }

    public DateTime UpdatedAt { get; }

    /// <summary>The run's own parts (attempt 0), as split at the service's limits.</summary>
    public int Parts { get; }

    /// <summary>1 for a run never resubmitted; n after n-1 resubmissions of its failed requests.</summary>
    public int Attempts { get; }

    public int Requests { get; }

    /// <summary>done (saved with every request answered, or out of attempts), finished (every batch ended), or running.</summary>
    public string Status { get; }

    /// <summary>Batch statuses as last recorded, e.g. "3 completed, 1 failed".</summary>
    public string Statuses { get; }

    public bool Done { get; }

    public DateTime? DoneAt { get; }

    public string? Outcome { get; }

    public BlobBatchContext Context { get; }

    public override string ToString() => $"{RunId} ({Status})";
}
