using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Runs;

/// <summary>The jobs of a recorded run, looked up afresh, for a process that resumes it; each from the resource it runs on.</summary>
public static class RunJobs
{
    public static Task<IReadOnlyList<BlobBatchJob>> LoadAsync(BlobBatchContext context, RunManifest manifest, CancellationToken cancellationToken) =>
        LoadAsync(new[] { context }, manifest, cancellationToken);

    /// <param name="contexts">A context for each resource the run's batches run on (more are ignored).</param>
    public static async Task<IReadOnlyList<BlobBatchJob>> LoadAsync(IReadOnlyList<BlobBatchContext> contexts, RunManifest manifest, CancellationToken cancellationToken)
    {
        RunPart[] parts = manifest.CurrentParts().Where(p => p.BatchId is not null).OrderBy(p => p.PartNumber).ThenBy(p => p.Attempt).ToArray();
        string[] missing = parts.Select(manifest.ResourceOf).Distinct(StringComparer.OrdinalIgnoreCase).Where(r => ContextFor(contexts, r) is null).ToArray();
        if (missing.Length > 0)
        {
            throw new BlobBatchException("RunContextMismatch", ErrorKind.InvalidOperation,
                $"Run {manifest.RunId} has batches on {string.Join(" and ", missing)}, and no context given is for {(missing.Length == 1 ? "it" : "them")}. " +
                "Pass a context for each resource the run uses, e.g. -Context $east,$west (Connect-BlobBatch -PassThru makes one per resource).",
                manifest.RunId);
        }

        var clients = new Dictionary<BlobBatchContext, BatchServiceClient>();
        var jobs = new List<BlobBatchJob>();
        foreach (RunPart part in parts)
        {
            BlobBatchContext context = ContextFor(contexts, manifest.ResourceOf(part))!;
            if (!clients.TryGetValue(context, out BatchServiceClient? client))
            {
                clients[context] = client = BatchServiceClient.For(context);
            }

            BatchState state = await client.GetAsync(part.BatchId!, cancellationToken).ConfigureAwait(false);
            jobs.Add(new BlobBatchJob(state, part.OriginIn(manifest.RunId), context));
        }

        return jobs;
    }

    private static BlobBatchContext? ContextFor(IReadOnlyList<BlobBatchContext> contexts, string resource) =>
        contexts.FirstOrDefault(c => string.Equals(c.Endpoint.AbsoluteUri, resource, StringComparison.OrdinalIgnoreCase));
}
