using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Results;

/// <summary>
/// The latest outcome of every custom_id across a run's attempts: a later attempt's result replaces an
/// earlier one, so each id counts once. Keyed by 64-bit hash; the value is the attempt and success.
/// </summary>
public sealed class Outcomes
{
    private readonly Dictionary<ulong, (int Attempt, bool Succeeded)> _latest = new();


    public static IEnumerable<BlobBatchJob> InAttemptOrder(IEnumerable<BlobBatchJob> jobs) => jobs.OrderBy(j => j.Attempt).ThenBy(j => j.PartNumber);

    /// <summary>Downloads every job's results and errors and notes, per id, the last attempt that answered.</summary>
    public static async Task<Outcomes> ReadAsync(IReadOnlyList<BlobBatchJob> jobs, CancellationToken cancellationToken)
    {
        var outcomes = new Outcomes();
        foreach (BlobBatchJob job in InAttemptOrder(jobs))
        {
            foreach (string url in await JobOutputs.UrlsAsync(job, cancellationToken).ConfigureAwait(false))
            {
                string temp = Path.Combine(Path.GetTempPath(), "blobbatch-outcome-" + Guid.NewGuid().ToString("N") + ".jsonl");
                try
                {
                    if (await ResultDownloader.DownloadAsync(job.Context, url, temp, cancellationToken).ConfigureAwait(false))
                    {
                        outcomes.AddFile(temp, job.Attempt);
                    }
                }
                finally
                {
                    OutputPaths.DeleteQuietly(temp);
                }
            }
        }

        return outcomes;
    }

    public void Note(string customId, int attempt, bool succeeded)
    {
        ulong key = JsonlIds.HashOf(customId);
        if (!_latest.TryGetValue(key, out var known) || attempt >= known.Attempt)
        {
            _latest[key] = (attempt, succeeded);
        }
    }

    public bool IsLatest(string customId, int attempt) => !_latest.TryGetValue(JsonlIds.HashOf(customId), out var known) || known.Attempt == attempt;

    public bool Succeeded(string customId) => _latest.TryGetValue(JsonlIds.HashOf(customId), out var known) && known.Succeeded;

    /// <summary>Notes every line of a results or errors file as the outcome of <paramref name="attempt"/>.</summary>
    public void AddFile(string path, int attempt)
    {
        using var reader = new JsonlLineReader(File.OpenRead(path), ResultMerger.MaxLineBytes);
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            if (line.Count == 0)
            {
                continue;
            }

            // An unreadable line is no outcome: its request is resubmitted, as the save reports it failed.
            if (ResultLineParser.TryParse(line, null, out BatchResult? result, out _))
            {
                Note(result!.CustomId, attempt, result.Succeeded);
            }
        }
    }
}
