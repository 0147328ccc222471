using System;
using System.Net;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Connection;

/// <summary>Credentials travel only over HTTPS, except to this machine (the local emulator and Azurite).</summary>
public static class EndpointPolicy
{
    public static Uri RequireSecureUri(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            // The value may be a key or connection string given to the wrong parameter: never quoted whole.
            string shown = Redaction.Url(value);
            throw new BlobBatchException(
                "InvalidEndpoint", ErrorKind.InvalidArgument,
                $"The {what} {shown} is not an absolute http(s) URI. Give one like https://contoso.openai.azure.com.",
                shown);
        }

        RequireSecure(uri, what);
        return uri;
    }

    public static void RequireSecure(Uri uri, string what)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !IsLoopback(uri))
        {
            throw new BlobBatchException(
                "InsecureEndpoint", ErrorKind.SecurityError,
                $"The {what} '{uri.Scheme}://{uri.Authority}' uses {uri.Scheme}; credentials are only sent over https, except to loopback addresses.",
                $"{uri.Scheme}://{uri.Authority}");
        }
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? address) && IPAddress.IsLoopback(address));
}
