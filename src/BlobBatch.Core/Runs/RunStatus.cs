using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Runs;

/// <summary>Keeps a run's manifest (local and in the output container) as current as the jobs the module last saw.</summary>
public static class RunStatus
{
    /// <summary>Records the jobs' statuses in their runs' manifests; with <paramref name="outcome"/>, marks those runs done.</summary>
    /// <param name="statePath">The local manifest (a full path) kept current too, when it holds one of these runs.</param>
    public static async Task RecordAsync(IReadOnlyList<BlobBatchJob> jobs, string? statePath, string? outcome, CancellationToken cancellationToken)
    {
        foreach (IGrouping<(Connection.BlobBatchContext Context, string RunId), BlobBatchJob> run in jobs.Where(j => j.RunId is not null).GroupBy(j => (j.Context, j.RunId!)))
        {
            string? local = statePath is not null && RunManifestStore.TryReadLocal(statePath)?.RunId == run.Key.RunId ? statePath : null;
            RunRecorder recorder = await RunRecorder.OpenAsync(run.Key.Context, local, run.Key.RunId, cancellationToken).ConfigureAwait(false);
            if (recorder.Manifest.Parts.Count == 0)
            {
                // Not a run this module recorded: nothing to keep current, and no manifest to start.
                continue;
            }

            foreach (BlobBatchJob job in run)
            {
                if (recorder.Manifest.FindByBatchId(job.Id) is RunPart part)
                {
                    part.Status = job.Status;
                }
            }

            if (outcome is not null)
            {
                recorder.Manifest.DoneAt ??= DateTime.UtcNow;
                recorder.Manifest.Outcome = outcome;
            }

            recorder.Manifest.UpdatedAt = DateTime.UtcNow;
            await recorder.SaveAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
