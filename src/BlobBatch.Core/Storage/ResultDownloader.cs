using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Storage;

/// <summary>Downloads a result file the service named, after checking it lies in the output container.</summary>
public static class ResultDownloader
{
    /// <summary>Downloads to <paramref name="destination"/> atomically; false when the blob does not exist (a batch without errors has no errors.jsonl).</summary>
    public static async Task<bool> DownloadAsync(BlobBatchContext context, string url, string destination, CancellationToken cancellationToken)
    {
        BlobClient blob = BlobConfinement.RequireBlob(context, context.OutputContainer, url, BlobConfinement.OutputOutsideContainer);
        string temp = OutputPaths.TempPathFor(destination);
        try
        {
            await RangedDownload.ToFileAsync(blob, temp, cancellationToken).ConfigureAwait(false);
            OutputPaths.MoveIntoPlace(temp, destination, overwrite: true);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, blob.Uri);
        }
        finally
        {
            OutputPaths.DeleteQuietly(temp);
        }
    }
}
