using System;
using Azure.Storage.Blobs;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Storage;

/// <summary>
/// Decides which blob URLs the module may touch. Output URLs come from the service; credentials go
/// only to the configured blob endpoint, and only into the configured output container.
/// </summary>
public static class BlobLocations
{
    public static Uri InputBlob(BlobBatchContext context, string runId, string fileName) =>
        new($"{context.InputContainerUri.AbsoluteUri}/{runId}/{Uri.EscapeDataString(fileName)}");

    public static Uri OutputFolder(BlobBatchContext context, string runId) =>
        new($"{context.OutputContainerUri.AbsoluteUri}/{runId}");

    /// <summary>The blob name inside the output container that <paramref name="url"/> names; refuses anything else.</summary>
    public static string RequireInOutputContainer(BlobBatchContext context, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw Outside(context, url);
        }

        var blob = new BlobUriBuilder(uri);
        var expected = new BlobUriBuilder(context.BlobEndpoint);
        bool sameService = string.Equals(uri.Scheme, context.BlobEndpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(blob.Host, expected.Host, StringComparison.OrdinalIgnoreCase)
            && blob.Port == expected.Port
            && string.Equals(blob.AccountName, expected.AccountName, StringComparison.Ordinal);
        if (!sameService || blob.BlobContainerName != context.OutputContainer || string.IsNullOrEmpty(blob.BlobName))
        {
            throw Outside(context, url);
        }

        return blob.BlobName;
    }

    /// <summary>A URL fit to show: without its query, where a SAS would be.</summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Query))
        {
            return url ?? string.Empty;
        }

        return uri.GetLeftPart(UriPartial.Path) + "?<redacted>";
    }

    private static BlobBatchException Outside(BlobBatchContext context, string url) =>
        new("OutputOutsideContainer", ErrorKind.SecurityError,
            $"The service named '{Redact(url)}' as a result file, which is not in the configured output container {context.OutputContainerUri}. It was not downloaded.",
            Redact(url));
}
