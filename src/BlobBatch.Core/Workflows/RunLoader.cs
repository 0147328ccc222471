using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;

namespace BlobBatch.Core.Workflows;

/// <summary>A run's jobs from its manifest (a local -StatePath, else the output container by run id), for a process that resumes it.</summary>
public static class RunLoader
{
    /// <param name="statePath">A full file-system path, resolved by the caller; or null to read the manifest by <paramref name="runId"/>.</param>
    public static async Task<IReadOnlyList<BlobBatchJob>> LoadJobsAsync(BlobBatchContext context, string? statePath, string? runId, CancellationToken cancellationToken)
    {
        RunManifest manifest = await RunRecorder.LoadAsync(context, statePath, runId, cancellationToken).ConfigureAwait(false);
        return await RunJobs.LoadAsync(context, manifest, cancellationToken).ConfigureAwait(false);
    }
}
