using System;
using Azure.Storage.Blobs;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Storage;

/// <summary>
/// Decides whether a blob URL that came from outside (the service's output_blob, error_blob and
/// input_blob, a run manifest) lies in one configured container, before any request carries a
/// credential to it. Checked three ways, because each alone can be fooled: the URL as written (no
/// user info, query or dot segments), its decoded path ("x%2F..%2F..%2Fother" decodes to a
/// traversal that the SDK would send as one), and the URL of the client the SDK will actually call.
/// </summary>
public static class BlobConfinement
{
    public const string OutputOutsideContainer = "OutputOutsideContainer";
    public const string InputOutsideContainer = "InputOutsideContainer";

    /// <summary>A client for the blob <paramref name="url"/> names in <paramref name="container"/>; refuses anything else with <paramref name="errorId"/>.</summary>
    public static BlobClient RequireBlob(BlobBatchContext context, string container, string? url, string errorId)
    {
        string name = RequireBlobName(context, container, url, errorId);
        BlobClient blob = StorageClients.Container(context, container).GetBlobClient(name);
        if (RequestedName(context, container, blob.Uri) != name)
        {
            throw Outside(context, container, url, errorId, "the storage client would request another blob");
        }

        return blob;
    }

    /// <summary>The decoded blob name inside <paramref name="container"/> that <paramref name="url"/> names; refuses anything else.</summary>
    public static string RequireBlobName(BlobBatchContext context, string container, string? url, string errorId)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw Outside(context, container, url, errorId, "it is not a URL");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Outside(context, container, url, errorId, "it carries user info, a query or a fragment");
        }

        if (!SameService(uri, context.BlobEndpoint))
        {
            throw Outside(context, container, url, errorId, "it is on another storage host");
        }

        // System.Uri has already removed literal dot segments; the text as written must not have had any.
        if (HasDotSegment(Uri.UnescapeDataString(PathAsWritten(url!))))
        {
            throw Outside(context, container, url, errorId, "its path climbs with '.' or '..'");
        }

        string? name = NameUnder(ContainerPath(context, container), Uri.UnescapeDataString(uri.AbsolutePath));
        if (name is null || !IsPlainName(name))
        {
            throw Outside(context, container, url, errorId, "its decoded path is not a plain blob name in the container");
        }

        return name;
    }

    private static bool SameService(Uri uri, Uri blobEndpoint) =>
        string.Equals(uri.Scheme, blobEndpoint.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, blobEndpoint.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == blobEndpoint.Port;

    // "/" for an account host, "/devstoreaccount1/" for the emulator's path-style account; then the container.
    private static string ContainerPath(BlobBatchContext context, string container) =>
        Uri.UnescapeDataString(context.BlobEndpoint.AbsolutePath).TrimEnd('/') + "/" + container + "/";

    private static string? NameUnder(string containerPath, string decodedPath) =>
        decodedPath.StartsWith(containerPath, StringComparison.Ordinal) ? decodedPath.Substring(containerPath.Length) : null;

    // What the SDK will put on the wire, read back: the client's own URL, decoded, under the same container.
    private static string? RequestedName(BlobBatchContext context, string container, Uri requested) =>
        SameService(requested, context.BlobEndpoint) && !HasDotSegment(requested.AbsolutePath)
            ? NameUnder(ContainerPath(context, container), Uri.UnescapeDataString(requested.AbsolutePath))
            : null;

    /// <summary>
    /// Segments that are not empty, '.' or '..', with no backslash or control character; and still so
    /// when decoded once more, so a doubly encoded "%252F..%252F" cannot climb behind a proxy that decodes twice.
    /// </summary>
    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || name.Length > 1024)
        {
            return false;
        }

        foreach (string form in new[] { name, Uri.UnescapeDataString(name) })
        {
            foreach (char c in form)
            {
                if (c == '\\' || c == '?' || c == '#' || char.IsControl(c))
                {
                    return false;
                }
            }

            foreach (string segment in form.Split('/'))
            {
                if (segment.Length == 0 || segment == "." || segment == "..")
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool HasDotSegment(string path)
    {
        foreach (string segment in path.Split('/'))
        {
            if (segment == "." || segment == "..")
            {
                return true;
            }
        }

        return false;
    }

    // The path part of the URL text itself, before System.Uri normalises it.
    private static string PathAsWritten(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int start = scheme < 0 ? -1 : url.IndexOf('/', scheme + 3);
        if (start < 0)
        {
            return string.Empty;
        }

        int end = url.IndexOfAny(new[] { '?', '#' }, start);
        return end < 0 ? url.Substring(start) : url.Substring(start, end - start);
    }

    private static BlobBatchException Outside(BlobBatchContext context, string container, string? url, string errorId, string reason)
    {
        string role = errorId == InputOutsideContainer ? "an input file" : "a result file";
        string shown = Redaction.Url(url);
        return new BlobBatchException(errorId, ErrorKind.SecurityError,
            $"The service named {(shown.Length == 0 ? "no URL" : shown)} as {role}, which is not in the configured container {Redaction.Url(StorageContainerUri(context, container))} ({reason}). Nothing was requested from it.",
            shown);
    }

    private static Uri StorageContainerUri(BlobBatchContext context, string container) =>
        container == context.InputContainer ? context.InputContainerUri : context.OutputContainerUri;
}
