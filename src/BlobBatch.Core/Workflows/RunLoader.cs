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
    public static Task<IReadOnlyList<BlobBatchJob>> LoadJobsAsync(BlobBatchContext context, string? statePath, string? runId, CancellationToken cancellationToken) =>
        LoadJobsAsync(new[] { context }, statePath, runId, cancellationToken);

    /// <summary>A run over several resources: the manifest read with the first context (the run's storage), each batch with the context for its resource.</summary>
    public static async Task<IReadOnlyList<BlobBatchJob>> LoadJobsAsync(IReadOnlyList<BlobBatchContext> contexts, string? statePath, string? runId, CancellationToken cancellationToken)
    {
        RunManifest manifest = await RunRecorder.LoadAsync(contexts[0], statePath, runId, cancellationToken).ConfigureAwait(false);
        return await RunJobs.LoadAsync(contexts, manifest, cancellationToken).ConfigureAwait(false);
    }
}
