using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Storage;

/// <summary>
/// A run's own files beside its results in the output container ({run}/rows/…, {run}/saved/…; the batches write into {run}/parts/…), so a
/// process on another machine, in an empty folder, has everything the run needs. Names, not URLs, are
/// recorded: a name is always read from the context's own output container.
/// </summary>
public static class RunFiles
{
    public static string RowMapName(string runId, string localPath) => $"{runId}/rows/{Path.GetFileName(localPath)}";

    public static string SavedName(string runId, string localPath) => $"{runId}/saved/{Path.GetFileName(localPath)}";

    public static async Task UploadAsync(BlobBatchContext context, string blobName, string localPath, bool overwrite, CancellationToken cancellationToken)
    {
        BlobClient blob = StorageClients.Container(context, context.OutputContainer).GetBlobClient(blobName);
        var options = new BlobUploadOptions
        {
            Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
            TransferOptions = StorageClients.TransferOptions,
        };
        try
        {
            await blob.UploadAsync(localPath, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (!overwrite && (ex.Status == 409 || ex.Status == 412))
        {
            // Already there from an earlier start of the same run: the same file.
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, blob.Uri);
        }
    }

    /// <summary>False when the blob does not exist.</summary>
    public static async Task<bool> DownloadAsync(BlobBatchContext context, string blobName, string destination, CancellationToken cancellationToken)
    {
        BlobClient blob = StorageClients.Container(context, context.OutputContainer).GetBlobClient(blobName);
        return await RangedDownload.TryToFileAsync(blob, destination, cancellationToken).ConfigureAwait(false);
    }
}
