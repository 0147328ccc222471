using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
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
/// (results.jsonl, errors.jsonl, summary.json) atomically, and hands each request's outcome to the caller.
/// </summary>
public static class ResultSaver
{
    public const string ResultsFile = "results.jsonl";
    public const string ErrorsFile = "errors.jsonl";
    public const string SummaryFile = "summary.json";

    /// <summary>Checked before any download, so a refusal costs nothing.</summary>
    public static void RequireTargets(string folder, bool force)
    {
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

    public static async Task<RunSummary> SaveAsync(
        IReadOnlyList<BlobBatchJob> jobs, string folder, bool force, Action<BatchResult>? onResult, CancellationToken cancellationToken, TokenPrice? price = null)
    {
        folder = Path.GetFullPath(folder);
        RequireTargets(folder, force);
        OutputPaths.CreateFolder(folder);
        var downloads = new List<(string Path, string BatchId, int Attempt)>();
        try
        {
            foreach (BlobBatchJob job in Outcomes.InAttemptOrder(jobs))
            {
                foreach (string? url in new[] { job.OutputBlob, job.ErrorBlob })
                {
                    if (string.IsNullOrEmpty(url))
                    {
                        continue;
                    }

                    string local = OutputPaths.TempPathFor(Path.Combine(folder, job.Id + ".part"));
                    if (await ResultDownloader.DownloadAsync(job.Context, url!, local, cancellationToken).ConfigureAwait(false))
                    {
                        downloads.Add((local, job.Id, job.Attempt));
                    }
                }
            }

            using var reconciler = new Reconciler();
            Outcomes? outcomes = jobs.Any(j => j.Attempt > 0) ? LatestOutcomes(downloads) : null;
            RunSummary summary = Merge(jobs, folder, downloads, outcomes, reconciler, onResult, price);

            // Resubmissions repeat ids of the run's own parts, so only those parts define the input.
            BlobBatchJob[] inputJobs = jobs.Where(j => j.Attempt == 0).ToArray();
            foreach (BlobBatchJob job in inputJobs)
            {
                await InputIds.ReadAsync(job, id => reconciler.AddInput(id, job.Id), cancellationToken).ConfigureAwait(false);
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

            summary.ReconciliationProblems = reconciler.Problems;
            summary.Reconciled = reconciler.Problems.Count == 0;
            WriteSummaryFile(folder, summary);
            return summary;
        }
        finally
        {
            foreach ((string path, _, _) in downloads)
            {
                OutputPaths.DeleteQuietly(path);
            }
        }
    }

    private static Outcomes LatestOutcomes(List<(string Path, string BatchId, int Attempt)> downloads)
    {
        var outcomes = new Outcomes();
        foreach ((string path, _, int attempt) in downloads)
        {
            outcomes.AddFile(path, attempt);
        }

        return outcomes;
    }

    private static void ForEachResult(string path, string batchId, Action<ArraySegment<byte>, BatchResult> onLine)
    {
        using var reader = new JsonlLineReader(File.OpenRead(path));
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            if (line.Count > 0)
            {
                onLine(line, ParseLine(line, batchId, reader.LineNumber));
            }
        }
    }

    private static RunSummary Merge(
        IReadOnlyList<BlobBatchJob> jobs, string folder, List<(string Path, string BatchId, int Attempt)> downloads, Outcomes? outcomes, Reconciler reconciler, Action<BatchResult>? onResult, TokenPrice? price)
    {
        var summary = new RunSummary
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
        var failedIds = new List<string>();
        string resultsTemp = OutputPaths.TempPathFor(summary.ResultsPath);
        string errorsTemp = OutputPaths.TempPathFor(summary.ErrorsPath);
        try
        {
            using (var results = new FileStream(resultsTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var errors = new FileStream(errorsTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                foreach ((string path, string batchId, int attempt) in downloads)
                {
                    ForEachResult(path, batchId, (line, result) =>
                    {
                        if (outcomes is not null && !outcomes.IsLatest(result.CustomId, attempt))
                        {
                            return;
                        }

                        Count(summary, failedIds, result);
                        reconciler.AddResult(result.CustomId);
                        FileStream target = result.Succeeded ? results : errors;
                        target.Write(line.Array!, line.Offset, line.Count);
                        target.WriteByte((byte)'\n');
                        onResult?.Invoke(result);
                    });
                }
            }

            summary.FailedIds = failedIds;
            OutputPaths.MoveIntoPlace(resultsTemp, summary.ResultsPath);
            OutputPaths.MoveIntoPlace(errorsTemp, summary.ErrorsPath);
            return summary;
        }
        finally
        {
            OutputPaths.DeleteQuietly(resultsTemp);
            OutputPaths.DeleteQuietly(errorsTemp);
        }
    }

    public const string NotRunCode = "not_run";

    private static BatchResult NotRunResult(string customId, BlobBatchJob job) => new()
    {
        CustomId = customId,
        Succeeded = false,
        ErrorCode = NotRunCode,
        ErrorMessage = $"The request did not run: batch {job.Id} ended as {job.Status} before it.",
        BatchId = job.Id,
    };

    private static BatchResult ParseLine(ArraySegment<byte> line, string batchId, long lineNumber)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count));
            return ResultLineParser.Parse(document.RootElement, batchId);
        }
        catch (JsonException ex)
        {
            throw new BlobBatchException("InvalidResultLine", ErrorKind.InvalidData,
                $"Line {lineNumber} of batch {batchId}'s output is not valid JSON: {ex.Message}", batchId, ex);
        }
    }

    private static void Count(RunSummary summary, List<string> failedIds, BatchResult result)
    {
        summary.Requests++;
        if (result.Succeeded)
        {
            summary.Succeeded++;
        }
        else
        {
            summary.Failed++;
            failedIds.Add(result.CustomId);
        }

        summary.PromptTokens += result.PromptTokens ?? 0;
        summary.CompletionTokens += result.CompletionTokens ?? 0;
        summary.AddUsage(result);
    }

    // Written last: its presence means the results beside it are complete.
    private static void WriteSummaryFile(string folder, RunSummary summary)
    {
        string path = Path.Combine(folder, SummaryFile);
        string temp = OutputPaths.TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                WriteSummary(stream, summary);
            }

            OutputPaths.MoveIntoPlace(temp, path);
        }
        finally
        {
            OutputPaths.DeleteQuietly(temp);
        }
    }

    private static void WriteSummary(Stream stream, RunSummary summary)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("requests", summary.Requests);
        writer.WriteNumber("succeeded", summary.Succeeded);
        writer.WriteNumber("failed", summary.Failed);
        writer.WriteNumber("promptTokens", summary.PromptTokens);
        writer.WriteNumber("completionTokens", summary.CompletionTokens);
        RunSummaryJson.WriteUsage(writer, summary);
        WriteList(writer, "batchIds", summary.BatchIds);
        WriteList(writer, "statuses", summary.Statuses);
        writer.WriteNumber("notRun", summary.NotRun);
        writer.WriteBoolean("reconciled", summary.Reconciled);
        WriteList(writer, "failedIds", summary.FailedIds);
        WriteList(writer, "notRunIds", summary.NotRunIds);
        WriteList(writer, "reconciliationProblems", summary.ReconciliationProblems);
        WriteList(writer, "validationErrors", summary.ValidationErrors);
        RunSummaryJson.WriteBatches(writer, summary);
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
