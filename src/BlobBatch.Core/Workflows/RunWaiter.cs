using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Waits for a run's batches together (one progress bar with request counts), starting again a batch
/// that the service failed in validation for a full token queue; ends on every terminal status.
/// </summary>
public sealed class RunWaiter
{
    private readonly WorkflowHooks _hooks;

    public RunWaiter(WorkflowHooks hooks) => _hooks = hooks;

    /// <param name="statePath">The run's local manifest (full path), kept current when a batch is started again; or null.</param>
    public async Task<WaitOutcome> WaitAsync(
        IReadOnlyList<BlobBatchJob> jobs, TimeSpan pollInterval, TimeSpan? timeout, string? statePath, CancellationToken cancellationToken)
    {
        _hooks.Log($"Waiting for {jobs.Count} batch(es), checking every {pollInterval.TotalSeconds:0.#} s.");
        var resubmitter = new QuotaResubmitter(BatchServiceClient.For, statePath, _hooks.Log);
        var progress = new SynchronousProgress<WaitProgress>(Report);
        WaitOutcome outcome = await new BatchWaiter(BatchServiceClient.For, resubmitter)
            .WaitAsync(jobs, pollInterval, timeout, progress, cancellationToken).ConfigureAwait(false);
        _hooks.Progress?.Report(new WorkProgress(ProgressActivities.Waiting, Activity, "Done", 100, completed: true));
        TargetProgress.Complete(_hooks.Progress, TargetProgress.Of(outcome.Jobs).Count);
        foreach (BlobBatchJob job in outcome.Jobs)
        {
            WarnIfUnfinished(job);
        }

        await RunStatus.RecordAsync(outcome.Jobs, statePath, null, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>The exact command that waits for these batches again, in a new process too.</summary>
    public static string ResumeCommand(IReadOnlyList<BlobBatchJob> jobs, string? statePath)
    {
        if (statePath is not null)
        {
            return $"Wait-BlobBatch -StatePath '{statePath.Replace("'", "''")}'";
        }

        string?[] runs = jobs.Select(j => j.RunId).Distinct().ToArray();
        string[] resources = jobs.Select(j => j.Context.Endpoint.Authority).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        string contexts = resources.Length > 1 ? $" -Context <a context for each of {string.Join(", ", resources)}>" : string.Empty;
        return runs.Length == 1 && runs[0] is string runId
            ? $"Wait-BlobBatch -RunId {runId}{contexts}"
            : $"Wait-BlobBatch -Id {string.Join(",", jobs.Select(j => j.Id))}";
    }

    private const string Activity = "Waiting for batches";

    // A failed, expired or cancelled batch is still "done waiting", so the wait succeeds; the warning is what tells the user.
    private void WarnIfUnfinished(BlobBatchJob job)
    {
        string part = job.PartCount > 0 ? $" (part {job.PartNumber}/{job.PartCount})" : string.Empty;
        if (job.Status == BatchStatus.Failed)
        {
            string why = job.Errors.Count == 0 ? "the service gave no reason" : string.Join("; ", job.Errors.Select(e => e.ToString()).Take(3));
            _hooks.Warn($"Batch {job.Id}{part} failed: {why}. None of its requests ran; Save-BatchResult records them as not run.");
        }
        else if (job.Status == BatchStatus.Expired)
        {
            _hooks.Warn($"Batch {job.Id}{part} expired with {job.CompletedRequests + job.FailedRequests} of {job.TotalRequests} requests done; Save-BatchResult keeps those and records the rest as not run.");
        }
    }

    private void Report(WaitProgress state)
    {
        string description = $"{state.FinishedJobs}/{state.Jobs} batches finished ({state.StatusLine}); requests {state.CompletedRequests} completed, {state.FailedRequests} failed of {state.TotalRequests}";
        _hooks.Progress?.Report(new WorkProgress(ProgressActivities.Waiting, Activity, description, Math.Min(100, state.PercentComplete)));
        _hooks.Log(description);

        // A run over several targets shows each: batches queued (validating), running and done there.
        IReadOnlyList<TargetProgress.Line> targets = TargetProgress.Of(state.Current);
        TargetProgress.Report(_hooks.Progress, targets, description);
        if (targets.Count > 1)
        {
            _hooks.Log("By target: " + string.Join("; ", targets.Select(t => $"{t.Name}: {t.Describe()}")));
        }
    }
}
