using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Runs;

/// <summary>
/// Builds the next attempt of a finished run: a new part holding exactly the original request lines
/// whose latest outcome is a failure or no outcome at all (failed, expired, cancelled, never run).
/// </summary>
public static class RetryPlanner
{
    /// <summary>The retry parts written in <paramref name="folder"/>, or null when every request succeeded.</summary>
    public static async Task<BatchInputResult?> BuildAsync(IReadOnlyList<BlobBatchJob> jobs, string folder, CancellationToken cancellationToken)
    {
        BlobBatchJob? running = jobs.FirstOrDefault(j => !j.IsTerminal);
        if (running is not null)
        {
            throw new BlobBatchException("BatchNotFinished", ErrorKind.InvalidOperation,
                $"Batch {running.Id} is {running.Status}; failed requests can be resubmitted once every batch of the run has finished.", running.Id);
        }

        BlobBatchJob[] originals = jobs.Where(j => j.Attempt == 0).OrderBy(j => j.PartNumber).ToArray();
        if (originals.Length == 0)
        {
            throw new BlobBatchException("RunNotFound", ErrorKind.NotFound, "The run has no parts to resubmit from.");
        }

        Outcomes outcomes = await Outcomes.ReadAsync(jobs, cancellationToken).ConfigureAwait(false);
        int attempt = jobs.Max(j => j.Attempt) + 1;
        string target = Path.Combine(folder, $"{originals[0].RunId}-retry{attempt}.jsonl");
        using var inspector = new RequestLineInspector(target, null, TokenCounter.ForModel(null));
        using var parts = new PartFileSet(target, new SplitLimits(), force: true);
        foreach (BlobBatchJob job in originals)
        {
            await CopyUnfinishedAsync(job, outcomes, inspector, parts, cancellationToken).ConfigureAwait(false);
        }

        inspector.Finish();
        if (parts.TotalRequests == 0)
        {
            return null;
        }

        return new BatchInputResult(parts.Complete(), inspector.Deployment!, inspector.Endpoint, originals[0].RowMapPath);
    }

    private static async Task CopyUnfinishedAsync(BlobBatchJob job, Outcomes outcomes, RequestLineInspector inspector, PartFileSet parts, CancellationToken cancellationToken)
    {
        using LocalInputCopy input = await LocalInputCopy.OpenAsync(job, cancellationToken).ConfigureAwait(false)
            ?? throw new BlobBatchException("InputPartUnavailable", ErrorKind.NotFound,
                $"Neither the local input of part {job.PartNumber} ({job.InputPath}) nor its blob ({job.InputBlob}) can be read, so its failed requests cannot be resubmitted.", job.Id);
        using var reader = new JsonlLineReader(new FileStream(input.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        byte[] scratch = new byte[1 << 12];
        byte[]? deployment = null;
        while (reader.TryReadLine(out ArraySegment<byte> read))
        {
            if (read.Count == 0 || outcomes.Succeeded(JsonlIds.CustomIdOf(read) ?? string.Empty))
            {
                continue;
            }

            // A run over several deployments uploaded its parts naming each target's; a blob read back names
            // its own. The retry names one (the first line's), and Start-BlobBatch names each target's again.
            // The inspector knows the run's deployment from its first line on; it is encoded once.
            if (deployment is null && inspector.Deployment is string first)
            {
                deployment = ModelField.Encode(first);
            }

            ArraySegment<byte> line = deployment is not null ? ModelField.Rewrite(read, deployment, ref scratch) : read;

            long tokens = inspector.Inspect(line, parts.TotalRequests + 1);
            parts.Append(line, tokens, $"{job.InputPath ?? job.InputBlob} line {reader.LineNumber}");
        }
    }
}
