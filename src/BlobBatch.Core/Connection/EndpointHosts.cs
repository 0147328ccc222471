using System;
using System.Text.RegularExpressions;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Connection;

/// <summary>What an Azure OpenAI endpoint's host says: its cloud, and whether batch can use it at all.</summary>
internal static class EndpointHosts
{
    // <region>.api.cognitive.microsoft.com (and the sovereign forms): shared regional endpoints some
    // CLI-created resources have. Azure lists them as a known issue for batch; they take no Entra tokens.
    private static readonly Regex Regional = new(
        @"^[a-z0-9-]+\.api\.cognitive\.(microsoft\.com|microsoft\.us|azure\.cn)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static void RefuseRegional(Uri endpoint)
    {
        if (Regional.IsMatch(endpoint.Host))
        {
            throw new BlobBatchException(
                "RegionalEndpoint", ErrorKind.InvalidArgument,
                $"{endpoint.GetLeftPart(UriPartial.Authority)} is a shared regional endpoint, which batch does not support and which takes no Microsoft Entra tokens. " +
                "Give the resource a custom subdomain (az cognitiveservices account update --name <resource> --resource-group <rg> --custom-domain <resource>) " +
                "and connect to https://<resource>.openai.azure.com.",
                endpoint.GetLeftPart(UriPartial.Authority));
        }
    }

    public static CloudSettings ResolveCloud(Uri endpoint, AzureEnvironment? given)
    {
        CloudSettings? fromHost = CloudSettings.FromHost(endpoint.Host);
        if (given is null)
        {
            return fromHost ?? CloudSettings.AzureCloud;
        }

        CloudSettings chosen = CloudSettings.For(given.Value);
        if (fromHost is not null && fromHost != chosen)
        {
            throw new BlobBatchException(
                "EnvironmentMismatch", ErrorKind.InvalidArgument,
                $"The endpoint {endpoint.Host} belongs to {fromHost.Environment}, not {chosen.Environment}. Leave -Environment out, or give the endpoint of that cloud.",
                endpoint.GetLeftPart(UriPartial.Authority));
        }

        return chosen;
    }
}
