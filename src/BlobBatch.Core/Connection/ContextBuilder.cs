using System;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Connection;

/// <summary>Checks what the user gave and turns it into a <see cref="BlobBatchContext"/>. No network.</summary>
public static class ContextBuilder
{
    private static readonly Regex AccountName = new("^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant);

    // Azure's rule: 3-63 chars of lower-case letters, digits and single hyphens, starting and ending alphanumeric.
    private static readonly Regex ContainerName = new("^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$", RegexOptions.CultureInvariant);

    public static BlobBatchContext Build(ContextOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            throw new BlobBatchException(
                "EndpointNotSpecified", ErrorKind.InvalidArgument,
                "No Azure OpenAI endpoint was given. Pass -Endpoint https://<resource>.openai.azure.com.");
        }

        ContextSecrets.RequireNotEmpty(options.ApiKey, "-ApiKey");
        ContextSecrets.RequireNotEmpty(options.StorageSasToken, "-StorageSasToken");
        ContextSecrets.RequireNotEmpty(options.StorageConnectionString, "-StorageConnectionString");

        // User info is never kept (nor used): only scheme, host and port name the resource.
        Uri endpoint = Redaction.SafeUri(EndpointPolicy.RequireSecureUri(options.Endpoint, "Azure OpenAI endpoint"));
        EndpointHosts.RefuseRegional(endpoint);
        CloudSettings cloud = EndpointHosts.ResolveCloud(endpoint, options.Environment);
        string apiVersion = ApiVersions.RequireBlobMode(options.ApiVersion);
        (Uri blobEndpoint, string account, StorageAuthMethod storageAuth) = ResolveStorage(options, cloud);
        string input = RequireContainerName(options.InputContainer, BlobBatchContext.DefaultInputContainer, "input");
        string output = RequireContainerName(options.OutputContainer, BlobBatchContext.DefaultOutputContainer, "output");

        OpenAIAuthMethod openAIAuth = options.ApiKey is null ? OpenAIAuthMethod.EntraToken : OpenAIAuthMethod.ApiKey;
        bool usesEntra = openAIAuth == OpenAIAuthMethod.EntraToken || storageAuth == StorageAuthMethod.EntraToken;
        (TokenSource? tokenSource, string? signIn) = ResolveSignIn(options, usesEntra);

        var secrets = new ContextSecrets(options.ApiKey, options.StorageSasToken, options.StorageConnectionString);
        return new BlobBatchContext(
            new Uri(endpoint.GetLeftPart(UriPartial.Authority)), apiVersion, blobEndpoint, account, input, output,
            openAIAuth, storageAuth, tokenSource, options.ManagedIdentityClientId, signIn, cloud, secrets, options.Credential)
        {
            NetworkTimeout = options.NetworkTimeout ?? TimeSpan.FromSeconds(100),
        };
    }

    private static (TokenSource? Source, string? SignIn) ResolveSignIn(ContextOptions options, bool usesEntra)
    {
        if (options.Credential is not null)
        {
            return (TokenSource.AzContext, options.CredentialDescription ?? "AzContext");
        }

        if (options.TokenSource == TokenSource.AzContext)
        {
            throw new BlobBatchException(
                "AzContextNotGiven", ErrorKind.InvalidArgument,
                "-TokenSource AzContext needs an Az sign-in: run Connect-AzAccount first, or pipe Get-AzContext into Connect-BlobBatch.");
        }

        TokenSource? source = options.TokenSource ?? (usesEntra ? TokenSource.Default : null);
        return (source, source is null ? null : CredentialFactory.Describe(source.Value, options.ManagedIdentityClientId));
    }

    private static (Uri BlobEndpoint, string Account, StorageAuthMethod Auth) ResolveStorage(ContextOptions options, CloudSettings cloud)
    {
        int given = (options.StorageConnectionString is null ? 0 : 1)
            + (string.IsNullOrWhiteSpace(options.StorageAccount) ? 0 : 1)
            + (string.IsNullOrWhiteSpace(options.BlobEndpoint) ? 0 : 1);
        if (given == 0)
        {
            throw new BlobBatchException(
                "StorageNotSpecified", ErrorKind.InvalidArgument,
                "No storage was given. Pass -StorageAccount <name>, -BlobEndpoint <uri> or -StorageConnectionString.");
        }

        if (given > 1)
        {
            throw new BlobBatchException(
                "ConflictingStorageOptions", ErrorKind.InvalidArgument,
                "Give only one of -StorageAccount, -BlobEndpoint and -StorageConnectionString.");
        }

        if (options.StorageConnectionString is not null)
        {
            if (options.StorageSasToken is not null)
            {
                throw new BlobBatchException(
                    "ConflictingStorageOptions", ErrorKind.InvalidArgument,
                    "-StorageSasToken cannot be combined with -StorageConnectionString; put the SAS in the connection string instead.");
            }

            return FromConnectionString(ContextSecrets.Reveal(options.StorageConnectionString));
        }

        StorageAuthMethod auth = options.StorageSasToken is null ? StorageAuthMethod.EntraToken : StorageAuthMethod.SasToken;
        if (!string.IsNullOrWhiteSpace(options.StorageAccount))
        {
            string name = options.StorageAccount!.Trim();
            if (!AccountName.IsMatch(name))
            {
                // Quoted only when it looks like a name: a SAS or connection string pasted here must not be printed back.
                string shown = Redaction.Value(name);
                throw new BlobBatchException(
                    "InvalidStorageAccountName", ErrorKind.InvalidArgument,
                    $"-StorageAccount {shown} is not a storage account name: use 3 to 24 lower-case letters and digits. A SAS goes in -StorageSasToken, a connection string in -StorageConnectionString.",
                    shown);
            }

            return (cloud.AccountBlobEndpoint(name), name, auth);
        }

        Uri blob = EndpointPolicy.RequireSecureUri(options.BlobEndpoint, "blob endpoint");
        if (!string.IsNullOrEmpty(blob.Query))
        {
            throw new BlobBatchException(
                "QueryInBlobEndpoint", ErrorKind.InvalidArgument,
                "The blob endpoint carries a query string. Pass the bare endpoint, and a SAS with -StorageSasToken.",
                Redaction.Url(blob));
        }

        blob = Redaction.SafeUri(blob);
        RequireHttpsForEntra(blob, auth);
        return (blob, new BlobUriBuilder(blob).AccountName, auth);
    }

    // Azure.Storage sends Microsoft Entra tokens only over https ("Cannot use TokenCredential without
    // HTTPS"); said now, with the fix, rather than on the first upload.
    private static void RequireHttpsForEntra(Uri blobEndpoint, StorageAuthMethod auth)
    {
        if (auth == StorageAuthMethod.EntraToken && blobEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new BlobBatchException(
                "EntraTokenNeedsHttps", ErrorKind.InvalidArgument,
                $"The blob endpoint {Redaction.Url(blobEndpoint)} is http, and storage takes Microsoft Entra tokens only over https. For a local emulator pass -StorageConnectionString or -StorageSasToken; otherwise use the https endpoint.",
                Redaction.Url(blobEndpoint));
        }
    }

    private static (Uri, string, StorageAuthMethod) FromConnectionString(string connectionString)
    {
        BlobServiceClient client;
        try
        {
            client = new BlobServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's message may quote the string itself, so it is not passed on.
            throw new BlobBatchException(
                "InvalidStorageConnectionString", ErrorKind.InvalidArgument,
                "The storage connection string cannot be parsed. Copy it again from the storage account's 'Access keys' page.");
        }

        Uri endpoint = Redaction.SafeUri(new Uri(client.Uri.GetLeftPart(UriPartial.Path)));
        EndpointPolicy.RequireSecure(endpoint, "blob endpoint");
        return (endpoint, client.AccountName, StorageAuthMethod.ConnectionString);
    }

    private static string RequireContainerName(string? value, string fallback, string which)
    {
        string name = string.IsNullOrWhiteSpace(value) ? fallback : value!.Trim();
        if (!ContainerName.IsMatch(name))
        {
            string shown = Redaction.Value(name);
            throw new BlobBatchException(
                "InvalidContainerName", ErrorKind.InvalidArgument,
                $"{shown} is not a valid {which} container name: use 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                shown);
        }

        return name;
    }
}
