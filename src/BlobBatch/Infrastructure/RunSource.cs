using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;

namespace BlobBatch.Infrastructure;

/// <summary>Turns -StatePath or -RunId into the run's jobs, for cmdlets that resume a run in a new process.</summary>
internal static class RunSource
{
    public static async Task<IReadOnlyList<BlobBatchJob>> JobsAsync(PSCmdlet cmdlet, BlobBatchContext? given, string? statePath, string? runId, CancellationToken cancellationToken)
    {
        BlobBatchContext context = ContextResolver.Resolve(given);
        string? path = statePath is null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(statePath);
        RunManifest manifest = await RunRecorder.LoadAsync(context, path, runId, cancellationToken).ConfigureAwait(false);
        return await RunJobs.LoadAsync(context, manifest, cancellationToken).ConfigureAwait(false);
    }
}
