using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Connection;

/// <summary>Proves a context's storage answers and both containers exist, and says exactly what is wrong when not.</summary>
public static class StorageProbe
{
    public static async Task ValidateAsync(BlobBatchContext context, CancellationToken cancellationToken)
    {
        BlobServiceClient service = StorageClients.Service(context);
        foreach (string container in new[] { context.InputContainer, context.OutputContainer })
        {
            await RequireContainerAsync(service.GetBlobContainerClient(container), context, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task RequireContainerAsync(BlobContainerClient container, BlobBatchContext context, CancellationToken cancellationToken)
    {
        bool exists;
        try
        {
            exists = (await container.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, container.Uri);
        }
        catch (Exception ex) when (ex is HttpRequestException or AggregateException or TimeoutException || IsTransportCancellation(ex, cancellationToken))
        {
            throw new BlobBatchException(
                "StorageUnreachable", ErrorKind.ConnectionError,
                $"The blob endpoint {Redaction.Url(context.BlobEndpoint)} did not answer. Check the account name or endpoint, and that this machine can reach it.",
                context.BlobEndpoint, ex);
        }

        if (!exists)
        {
            throw new BlobBatchException(
                "ContainerNotFound", ErrorKind.NotFound,
                $"The container '{container.Name}' does not exist in {Redaction.Url(context.BlobEndpoint)}. Create it " +
                $"(az storage container create --account-name {context.StorageAccount} --name {container.Name} --auth-mode login) or pass another name.",
                Redaction.Url(container.Uri));
        }
    }

    private static bool IsTransportCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && !cancellationToken.IsCancellationRequested;
}
