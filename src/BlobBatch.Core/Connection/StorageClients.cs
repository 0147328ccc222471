using System;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;

namespace BlobBatch.Core.Connection;

/// <summary>The one place blob clients are made, so options (retries, no content logging) are the same everywhere.</summary>
public static class StorageClients
{
    public static BlobServiceClient CreateService(BlobBatchContext context)
    {
        BlobClientOptions options = CreateOptions();
        ContextSecrets secrets = context.Secrets;
        return context.StorageAuth switch
        {
            StorageAuthMethod.ConnectionString =>
                new BlobServiceClient(ContextSecrets.Reveal(secrets.StorageConnectionString!), options),
            StorageAuthMethod.SasToken =>
                new BlobServiceClient(context.BlobEndpoint, new AzureSasCredential(ContextSecrets.Reveal(secrets.StorageSasToken!)), options),
            _ => new BlobServiceClient(context.BlobEndpoint, CredentialFactory.Create(context.TokenSource ?? TokenSource.Default, context.ManagedIdentityClientId), options),
        };
    }

    public static BlobContainerClient CreateContainer(BlobBatchContext context, string container) =>
        CreateService(context).GetBlobContainerClient(container);

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

    private static BlobClientOptions CreateOptions()
    {
        var options = new BlobClientOptions();
        options.Diagnostics.IsLoggingContentEnabled = false;
        options.Diagnostics.IsTelemetryEnabled = false;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 4;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        return options;
    }
}
