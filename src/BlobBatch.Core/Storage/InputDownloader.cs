using System;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Storage;

/// <summary>Reads back an input part from the input container, for reconciling a run whose local files are gone.</summary>
public static class InputDownloader
{
    public static async Task<bool> DownloadAsync(BlobBatchContext context, string url, string destination, CancellationToken cancellationToken)
    {
        var location = new BlobUriBuilder(new Uri(url));
        if (location.BlobContainerName != context.InputContainer)
        {
            return false;
        }

        BlobClient blob = StorageClients.Container(context, context.InputContainer).GetBlobClient(location.BlobName);
        try
        {
            await RangedDownload.ToFileAsync(blob, destination, cancellationToken).ConfigureAwait(false);
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
    }
}
