using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results.Usage;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Results;

/// <summary>
/// Downloads every job's results and errors, merges the parts of a run into one folder
/// (results.jsonl, errors.jsonl, summary.json) atomically, and hands each request's outcome to the
/// caller. The folder is claimed for the whole save (<see cref="OutputFolderClaim"/>), so two saves
/// into one folder cannot replace each other's files.
/// </summary>
public static class ResultSaver
{
    public const string ResultsFile = "results.jsonl";
    public const string ErrorsFile = "errors.jsonl";
    public const string SummaryFile = SummaryWriter.FileName;

    private static readonly string[] OwnFiles = { ResultsFile, ErrorsFile, SummaryFile, OutputFolderClaim.LockFileName };

    /// <summary>Checked before any download, so a refusal costs nothing; <paramref name="csvPath"/> may not be one of the folder's own files.</summary>
    public static void RequireTargets(string folder, bool force, string? csvPath = null)
    {
        if (csvPath is not null)
        {
            RequireSeparateCsv(LocalPaths.Full(folder), LocalPaths.Full(csvPath));
        }

        LocalPaths.Require(folder);
        if (!Directory.Exists(folder))
        {
            // A folder about to be made holds nothing to overwrite; its parent must exist.
            OutputPaths.RequireWritable(folder, force: false);
            return;
        }

        foreach (string name in new[] { ResultsFile, ErrorsFile, SummaryFile })
        {
            OutputPaths.RequireWritable(Path.Combine(folder, name), force);
        }
    }

    /// <param name="onDownloaded">Called after each results or errors file is downloaded.</param>
    /// <param name="onInputId">Called for each input id in the order of the input (<see cref="Ordering.InputOrderMerge.InputParts"/>), from the pass that reconciles, so a caller that also needs them reads the inputs once.</param>
    public static async Task<RunSummary> SaveAsync(
        IReadOnlyList<BlobBatchJob> jobs, string folder, bool force, Action<BatchResult>? onResult, CancellationToken cancellationToken,
        Action<BlobBatchException>? onInvalidLine = null, TokenPrice? price = null, Action<string>? onInputId = null, Action? onDownloaded = null)
    {
        folder = LocalPaths.Full(folder);
        RequireTargets(folder, force);
        JobBlobs.RequireConfined(jobs);
        OutputPaths.CreateFolder(folder);
        using OutputFolderClaim claim = OutputFolderClaim.Claim(folder);

        // Again, now that no other save can write here: one that finished meanwhile is not replaced.
        RequireTargets(folder, force);
        var downloads = new List<DownloadedFile>();
        try
        {
            await DownloadAllAsync(jobs, folder, downloads, onDownloaded, cancellationToken).ConfigureAwait(false);
            using var reconciler = new Reconciler();
            Outcomes? outcomes = jobs.Any(j => j.Attempt > 0) ? LatestOutcomes(downloads) : null;
            RunSummary summary = NewSummary(jobs, folder, price);
            new ResultMerger(summary, outcomes, reconciler, onResult, onInvalidLine).Merge(downloads, force);
            await ReconcileAsync(jobs, summary, reconciler, onResult, onInputId, cancellationToken).ConfigureAwait(false);
            SummaryWriter.Write(folder, summary, force);
            return summary;
        }
        finally
        {
            foreach (DownloadedFile download in downloads)
            {
                OutputPaths.DeleteQuietly(download.Path);
            }
        }
    }

    public const string NotRunCode = "not_run";

    private static async Task DownloadAllAsync(IReadOnlyList<BlobBatchJob> jobs, string folder, List<DownloadedFile> downloads, Action? onDownloaded, CancellationToken cancellationToken)
    {
        foreach (BlobBatchJob job in Outcomes.InAttemptOrder(jobs))
        {
            foreach (string url in await JobOutputs.UrlsAsync(job, cancellationToken).ConfigureAwait(false))
            {
                // Named by the folder, never by anything the service sent (an id, a blob name).
                string local = OutputPaths.TempPathFor(Path.Combine(folder, "download.jsonl"));
                if (await ResultDownloader.DownloadAsync(job.Context, url, local, cancellationToken).ConfigureAwait(false))
                {
                    downloads.Add(new DownloadedFile(local, job.Id, job.Attempt, FileNameOf(url)));
                }

                onDownloaded?.Invoke();
            }
        }
    }

    private static async Task ReconcileAsync(
        IReadOnlyList<BlobBatchJob> jobs, RunSummary summary, Reconciler reconciler, Action<BatchResult>? onResult, Action<string>? onInputId, CancellationToken cancellationToken)
    {
        // Resubmissions repeat ids of the run's own parts, so only those parts define the input.
        BlobBatchJob[] inputJobs = Ordering.InputOrderMerge.InputParts(jobs).ToArray();
        foreach (BlobBatchJob job in inputJobs)
        {
            await InputIds.ReadAsync(
                job,
                id =>
                {
                    reconciler.AddInput(id, job.Id);
                    onInputId?.Invoke(id);
                },
                cancellationToken).ConfigureAwait(false);
        }

        reconciler.Finish();
        if (reconciler.HasNotRun)
        {
            // The sorts hold hashes; a second pass over the inputs names the ids that did not run.
            foreach (BlobBatchJob job in inputJobs)
            {
                await InputIds.ReadAsync(job, id => reconciler.NameNotRun(id, job.Id), cancellationToken).ConfigureAwait(false);
            }
        }

        summary.NotRun = reconciler.NotRun.Count;
        summary.Requests += summary.NotRun;
        summary.NotRunIds = reconciler.NotRun.Select(n => n.CustomId).ToList();
        foreach ((string customId, string batchId) in reconciler.NotRun)
        {
            // So a joined table still has every input row, marked as never run.
            onResult?.Invoke(NotRunResult(customId, jobs.First(j => j.Id == batchId)));
        }

        var problems = new List<string>(reconciler.Problems);
        if (summary.InvalidLines.Count > 0)
        {
            problems.Add($"{summary.InvalidLines.Count} result line(s) could not be read (invalidLines)");
        }

        summary.ReconciliationProblems = problems;
        summary.Reconciled = problems.Count == 0;
    }

    private static RunSummary NewSummary(IReadOnlyList<BlobBatchJob> jobs, string folder, TokenPrice? price) => new()
    {
        Path = folder,
        BatchIds = jobs.Select(j => j.Id).ToList(),
        Statuses = jobs.Select(j => j.Status).ToList(),
        Batches = jobs.Select(BatchOutcome.Of).ToList(),
        Price = price,
        ValidationErrors = jobs.SelectMany(j => j.Errors.Select(e => $"{j.Id}: {e}")).ToList(),
        ResultsPath = Path.Combine(folder, ResultsFile),
        ErrorsPath = Path.Combine(folder, ErrorsFile),
    };

    private static Outcomes LatestOutcomes(List<DownloadedFile> downloads)
    {
        var outcomes = new Outcomes();
        foreach (DownloadedFile download in downloads)
        {
            outcomes.AddFile(download.Path, download.Attempt);
        }

        return outcomes;
    }

    private static BatchResult NotRunResult(string customId, BlobBatchJob job) => new()
    {
        CustomId = customId,
        Succeeded = false,
        ErrorCode = NotRunCode,
        ErrorMessage = $"The request did not run: batch {job.Id} ended as {job.Status} before it.",
        BatchId = job.Id,
    };

    private static string FileNameOf(string url)
    {
        string path = Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : url;
        return path.Substring(path.LastIndexOf('/') + 1);
    }

    private static void RequireSeparateCsv(string folder, string csvPath)
    {
        StringComparison comparison = StringComparison.OrdinalIgnoreCase;
        bool isFolder = string.Equals(csvPath.TrimEnd(Path.DirectorySeparatorChar), folder.TrimEnd(Path.DirectorySeparatorChar), comparison);
        bool inFolder = string.Equals(Path.GetDirectoryName(csvPath)?.TrimEnd(Path.DirectorySeparatorChar), folder.TrimEnd(Path.DirectorySeparatorChar), comparison);
        if (isFolder || (inFolder && OwnFiles.Contains(Path.GetFileName(csvPath), StringComparer.OrdinalIgnoreCase)))
        {
            throw new BlobBatchException(
                "OutputPathConflict", ErrorKind.InvalidArgument,
                $"-CsvPath '{csvPath}' is {(isFolder ? "the -Path folder itself" : $"one of the files Save-BatchResult writes in '{folder}'")}; the CSV would replace the results (even with -Force). Give the CSV another name.",
                csvPath);
        }
    }
}
