using System;
using Azure.Core;
using Azure.Storage.Blobs;

namespace BlobBatch.Core.Connection;

/// <summary>
/// The context's blob clients. One service client per context (made in <see cref="ContextClients"/>),
/// so the credential, its tokens and the options (retries, no content logging) are shared everywhere.
/// </summary>
public static class StorageClients
{
    public static BlobServiceClient Service(BlobBatchContext context) => context.Clients.Storage;

    public static BlobContainerClient Container(BlobBatchContext context, string container) =>
        Service(context).GetBlobContainerClient(container);

    /// <summary>
    /// 4 MiB blocks, four at a time: fills a typical link without holding much memory. 4 MiB is also the
    /// largest range the service will hash with MD5, which every transfer is checked with (Azurite, the
    /// local stack, does not speak the newer CRC64 structured messages).
    /// </summary>
    public static Azure.Storage.StorageTransferOptions TransferOptions => new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 4,
    };

    internal static BlobClientOptions CreateOptions()
    {
        var options = new BlobClientOptions();
        options.Diagnostics.IsLoggingContentEnabled = false;
        options.Diagnostics.IsTelemetryEnabled = false;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        return options;
    }
}
