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
    /// <summary>False when the blob does not exist; refuses (InputOutsideContainer) a URL outside the input container.</summary>
    public static async Task<bool> DownloadAsync(BlobBatchContext context, string url, string destination, CancellationToken cancellationToken)
    {
        BlobClient blob = BlobConfinement.RequireBlob(context, context.InputContainer, url, BlobConfinement.InputOutsideContainer);
        return await RangedDownload.TryToFileAsync(blob, destination, cancellationToken).ConfigureAwait(false);
    }
}
