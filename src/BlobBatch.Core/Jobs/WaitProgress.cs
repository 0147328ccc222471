namespace BlobBatch.Core.Jobs;

/// <summary>Where a wait stands across all its jobs, for one progress bar.</summary>
public sealed class WaitProgress
{
    public WaitProgress(int jobs, int finishedJobs, int totalRequests, int completedRequests, int failedRequests, string statusLine)
    {
        Jobs = jobs;
        FinishedJobs = finishedJobs;
        TotalRequests = totalRequests;
        CompletedRequests = completedRequests;
        FailedRequests = failedRequests;
        StatusLine = statusLine;
    }

    public int Jobs { get; }

    public int FinishedJobs { get; }

    public int TotalRequests { get; }

    public int CompletedRequests { get; }

    public int FailedRequests { get; }

    /// <summary>The jobs as last seen, for views by target.</summary>
    public System.Collections.Generic.IReadOnlyList<BlobBatchJob> Current { get; set; } = System.Array.Empty<BlobBatchJob>();

    /// <summary>Counts by status, e.g. "2 in_progress, 1 completed".</summary>
    public string StatusLine { get; }

    public int PercentComplete => TotalRequests > 0
        ? (int)(100L * (CompletedRequests + FailedRequests) / TotalRequests)
        : (Jobs == 0 ? 100 : 100 * FinishedJobs / Jobs);
}
