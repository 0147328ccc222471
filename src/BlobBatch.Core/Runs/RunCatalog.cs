using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Runs;

/// <summary>The runs recorded in a context's output container: one manifest per run folder ({run}/manifest.json).</summary>
public static class RunCatalog
{
    /// <summary>The named runs, or every run in the container when <paramref name="runIds"/> is empty; a named run that is not there goes to <paramref name="notFound"/>.</summary>
    public static async Task ListAsync(
        BlobBatchContext context, IReadOnlyCollection<string> runIds, Action<RunInfo> found, Action<BlobBatchException> notFound, CancellationToken cancellationToken)
    {
        foreach (string runId in runIds.Count > 0 ? runIds : await RunIdsAsync(context, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                found(new RunInfo(await RunManifestStore.ReadBlobAsync(context, runId, cancellationToken).ConfigureAwait(false), context));
            }
            catch (BlobBatchException ex) when (ex.ErrorId == "RunNotFound")
            {
                notFound(ex);
            }
        }
    }

    private static async Task<IReadOnlyList<string>> RunIdsAsync(BlobBatchContext context, CancellationToken cancellationToken)
    {
        var runs = new List<string>();
        try
        {
            await foreach (BlobHierarchyItem item in StorageClients.Container(context, context.OutputContainer)
                .GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", null, cancellationToken).ConfigureAwait(false))
            {
                if (item.IsPrefix)
                {
                    string runId = item.Prefix.TrimEnd('/');
                    if (await ExistsAsync(context, runId, cancellationToken).ConfigureAwait(false))
                    {
                        runs.Add(runId);
                    }
                }
            }
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, context.OutputContainerUri);
        }

        runs.Sort(StringComparer.Ordinal);
        return runs;
    }

    private static async Task<bool> ExistsAsync(BlobBatchContext context, string runId, CancellationToken cancellationToken) =>
        (await StorageClients.Container(context, context.OutputContainer).GetBlobClient($"{runId}/{RunManifestStore.BlobName}")
            .ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
}
