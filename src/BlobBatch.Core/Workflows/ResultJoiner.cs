using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Answers;
using BlobBatch.Core.Results.Ordering;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Saves a run's results: each job's state read fresh, the finished batches' results and errors
/// downloaded, verified and merged into one folder, reconciled against the inputs, joined to the
/// input rows (for a CSV and for the caller's per-request objects), never overwriting without force.
/// </summary>
public sealed class ResultJoiner
{
    private readonly WorkflowHooks _hooks;

    public ResultJoiner(WorkflowHooks hooks) => _hooks = hooks;

    /// <param name="onResult">Called for each request, in the order of the input, with its row (when <see cref="SaveSettings.JoinRows"/>) and its answer's fields (when <see cref="SaveSettings.ExpandAnswer"/>).</param>
    /// <returns>Null when the confirm hook declined; nothing was written then.</returns>
    public async Task<SaveOutcome?> SaveAsync(
        IReadOnlyList<BlobBatchJob> jobs,
        SaveSettings settings,
        Action<JoinedResult>? onResult,
        CancellationToken cancellationToken)
    {
        ResultSaver.RequireTargets(settings.Folder, settings.Force, settings.CsvPath);
        IReadOnlyList<BlobBatchJob> fresh = await RefreshAsync(await RunScope.WholeRunsAsync(jobs, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        RequireFinished(fresh);
        if (!await _hooks.Confirm(settings.Folder, $"Save the results of {fresh.Count} batch(es)").ConfigureAwait(false))
        {
            return null;
        }

        var problems = new List<BlobBatchException>(ValidationFailures(fresh));
        bool perRequest = onResult is not null || settings.CsvPath is not null;
        using InputOrderMerge? merge = perRequest ? new InputOrderMerge() : null;
        AnswerFieldCollector? fields = perRequest && settings.ExpandAnswer ? new AnswerFieldCollector() : null;
        var progress = new ThrottledProgress(_hooks.Progress);
        long total = fresh.Sum(j => (long)j.TotalRequests);
        long saved = 0;
        var youngGeneration = new YoungGenerationPacer();
        RunSummary summary = await ResultSaver.SaveAsync(
            fresh,
            settings.Folder,
            settings.Force,
            result =>
            {
                merge?.AddResult(result);
                fields?.Observe(result);
                saved++;
                youngGeneration.Tick();
                if (progress.IsDue)
                {
                    // Checked first: the report's closure would otherwise be allocated for every request.
                    progress.Report(() => new WorkProgress(ProgressActivities.Saving, "Saving results", $"{saved:N0} of {total:N0} requests", WorkProgress.PercentOf(saved, total)));
                }
            },
            cancellationToken,
            onInvalidLine: problems.Add,
            price: settings.Price,
            onInputId: merge is null ? null : id =>
            {
                merge.AddInput(id);
                youngGeneration.Tick();
            },
            onDownloaded: youngGeneration.Check).ConfigureAwait(false);
        progress.Complete(ProgressActivities.Saving, "Saving results");
        JoinedColumns columns;
        using (RunScope.LocalRowMaps rowMaps = merge is not null && (settings.JoinRows || settings.CsvPath is not null)
            // In input order (the run's own parts first), so the join reads them beside the results.
            ? await RunScope.RowMapsAsync(InputOrderMerge.InputParts(fresh).Concat(fresh).ToList(), cancellationToken).ConfigureAwait(false)
            : new RunScope.LocalRowMaps())
        {
            columns = merge is null
                ? new JoinedColumns(Array.Empty<string>())
                : JoinedOutput.Write(merge, fields, settings, rowMaps.Paths, onResult, _hooks, youngGeneration, cancellationToken);
        }

        if (!summary.Reconciled)
        {
            problems.Add(new BlobBatchException("ReconciliationFailed", ErrorKind.InvalidData,
                $"The saved results do not account for every request exactly once: {string.Join("; ", summary.ReconciliationProblems.Take(5))}{(summary.ReconciliationProblems.Count > 5 ? $" (and {summary.ReconciliationProblems.Count - 5} more)" : string.Empty)}.",
                settings.Folder));
        }

        if (summary.NotRun > 0)
        {
            _hooks.Warn($"{summary.NotRun} request(s) did not run: {summary.NotRunReason}. summary.json lists them (notRunIds).");
        }

        await RecordAsync(fresh, settings, summary, cancellationToken).ConfigureAwait(false);
        _hooks.Log($"Saved {summary.Requests} results ({summary.Succeeded} succeeded, {summary.Failed} failed; {summary.PromptTokens:N0} prompt and {summary.CompletionTokens:N0} completion tokens) to {settings.Folder}.");
        return new SaveOutcome(summary, columns, problems);
    }

    /// <summary>Keeps the run's manifest current; with an upload, puts the saved files beside the run and marks a fully answered run done.</summary>
    private async Task RecordAsync(IReadOnlyList<BlobBatchJob> jobs, SaveSettings settings, RunSummary summary, CancellationToken cancellationToken)
    {
        string? outcome = null;
        if (settings.UploadToRun)
        {
            BlobBatchJob? first = jobs.FirstOrDefault(j => j.RunId is not null);
            if (first is null)
            {
                _hooks.Warn("These batches belong to no run this module recorded, so there is no run folder to upload the results to.");
            }
            else
            {
                foreach (string file in new[] { summary.ResultsPath, summary.ErrorsPath, System.IO.Path.Combine(settings.Folder, ResultSaver.SummaryFile), settings.CsvPath }
                    .OfType<string>().Where(System.IO.File.Exists))
                {
                    string name = Storage.RunFiles.SavedName(first.RunId!, file);
                    _hooks.Log($"Uploading {file} to {name} in the output container.");
                    await Storage.RunFiles.UploadAsync(first.Context, name, file, overwrite: true, cancellationToken).ConfigureAwait(false);
                }

                outcome = summary.Reconciled && summary.Failed == 0 && summary.NotRun == 0 ? "every request succeeded" : null;
            }
        }

        await Runs.RunStatus.RecordAsync(jobs, settings.StatePath, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A piped job may be an old snapshot: judge each unfinished one by what the service says now.</summary>
    private static async Task<IReadOnlyList<BlobBatchJob>> RefreshAsync(IReadOnlyList<BlobBatchJob> jobs, CancellationToken cancellationToken)
    {
        var fresh = new List<BlobBatchJob>(jobs.Count);
        foreach (BlobBatchJob job in jobs)
        {
            fresh.Add(job.IsTerminal ? job : job.WithState(await BatchServiceClient.For(job.Context).GetAsync(job.Id, cancellationToken).ConfigureAwait(false)));
        }

        return fresh;
    }

    private static void RequireFinished(IReadOnlyList<BlobBatchJob> jobs)
    {
        BlobBatchJob? running = jobs.FirstOrDefault(j => !j.IsTerminal);
        if (running is not null)
        {
            throw new BlobBatchException("BatchNotFinished", ErrorKind.InvalidOperation,
                $"Batch {running.Id} is {running.Status}; wait for it first (Wait-BlobBatch), then save.", running.Id);
        }
    }

    private static IEnumerable<BlobBatchException> ValidationFailures(IReadOnlyList<BlobBatchJob> jobs) =>
        from job in jobs
        where job.Status == BatchStatus.Failed
        from error in job.Errors
        select new BlobBatchException("BatchValidationFailed", ErrorKind.InvalidData,
            $"Batch {job.Id} (part {job.PartNumber}/{job.PartCount}) failed validation: {error}", job.Id);
}
