using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Widens a save to whole runs, and finds each run's side maps on this machine. Any job of a run
/// stands for the run: a retry's batch piped alone still saves the run with each request's latest
/// outcome, and reconciles against all of its inputs.
/// </summary>
internal static class RunScope
{
    public static async Task<IReadOnlyList<BlobBatchJob>> WholeRunsAsync(IReadOnlyList<BlobBatchJob> jobs, CancellationToken cancellationToken)
    {
        var result = new List<BlobBatchJob>(jobs);
        // A run may span resources: its jobs come with several contexts, over the one storage the run lives in.
        foreach (IGrouping<(string Storage, string RunId), BlobBatchJob> run in jobs
            .Where(j => j.RunId is not null)
            .GroupBy(j => (j.Context.OutputContainerUri.AbsoluteUri, j.RunId!)))
        {
            IReadOnlyList<BlobBatchJob> recorded;
            try
            {
                recorded = await RunLoader.LoadJobsAsync(run.Select(j => j.Context).Distinct().ToArray(), null, run.Key.RunId, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobBatchException ex) when (ex.ErrorId == "RunNotFound")
            {
                continue;
            }

            var given = new HashSet<string>(run.Select(j => j.Id), StringComparer.Ordinal);
            result.AddRange(recorded.Where(j => !given.Contains(j.Id)));
        }

        return result;
    }

    /// <summary>
    /// Each job's side map as a local file: its own path when it is here, else a temporary download of
    /// the copy the run keeps in the output container. The temporary files are deleted on dispose.
    /// </summary>
    public static async Task<LocalRowMaps> RowMapsAsync(IReadOnlyList<BlobBatchJob> jobs, CancellationToken cancellationToken)
    {
        var maps = new LocalRowMaps();
        foreach (BlobBatchJob job in jobs.GroupBy(j => j.RowMapPath ?? j.RowMapBlob).Select(g => g.First()))
        {
            if (job.RowMapPath is string local && File.Exists(local))
            {
                maps.Paths.Add(local);
            }
            else if (job.RowMapBlob is string blob)
            {
                string temp = Path.Combine(Path.GetTempPath(), "blobbatch-rows-" + Guid.NewGuid().ToString("N") + ".rows.jsonl");
                maps.Temporary.Add(temp);
                if (await RunFiles.DownloadAsync(job.Context, blob, temp, cancellationToken).ConfigureAwait(false))
                {
                    maps.Paths.Add(temp);
                }
            }
        }

        return maps;
    }

    internal sealed class LocalRowMaps : IDisposable
    {
        public List<string> Paths { get; } = new();

        public List<string> Temporary { get; } = new();

        public void Dispose()
        {
            foreach (string temp in Temporary)
            {
                OutputPaths.DeleteQuietly(temp);
            }
        }
    }
}
