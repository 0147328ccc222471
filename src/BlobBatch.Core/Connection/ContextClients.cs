using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using BlobBatch.Core.Batches;

namespace BlobBatch.Core.Connection;

/// <summary>
/// A context's one credential and one client per service, made on first use and shared by every
/// cmdlet and thread that uses the context, so tokens are fetched once per audience and refreshed
/// by the SDK before they expire.
/// </summary>
internal sealed class ContextClients
{
    private readonly BlobBatchContext _context;
    private readonly Lazy<SharedCredential?> _credential;
    private readonly Lazy<BlobServiceClient> _storage;
    private readonly Lazy<BatchServiceClient> _batch;

    public ContextClients(BlobBatchContext context, TokenCredential? givenCredential)
    {
        _context = context;
        _credential = new Lazy<SharedCredential?>(() => CreateCredential(givenCredential));
        _storage = new Lazy<BlobServiceClient>(CreateStorage);
        _batch = new Lazy<BatchServiceClient>(() => BatchServiceClient.Create(_context, _credential.Value));
    }

    /// <summary>Null when neither service signs in with Microsoft Entra.</summary>
    public SharedCredential? Credential => _credential.Value;

    public BlobServiceClient Storage => _storage.Value;

    public BatchServiceClient Batch => _batch.Value;

    /// <summary>The token scopes this context signs in to: Azure OpenAI's and storage's, where each uses Microsoft Entra.</summary>
    public IReadOnlyList<string> Audiences()
    {
        var audiences = new List<string>();
        if (_context.OpenAIAuth == OpenAIAuthMethod.EntraToken)
        {
            audiences.Add(_context.Cloud.OpenAIScope);
        }

        if (_context.StorageAuth == StorageAuthMethod.EntraToken)
        {
            audiences.Add(_context.Cloud.StorageScope(_context.BlobEndpoint));
        }

        return audiences;
    }

    /// <summary>Gets a token for every audience now (they stay cached for the clients); throws the sign-in's BlobBatch error.</summary>
    public async Task SignInAsync(CancellationToken cancellationToken)
    {
        if (Credential is null)
        {
            return;
        }

        foreach (string audience in Audiences())
        {
            await Credential.GetTokenAsync(new TokenRequestContext(new[] { audience }), cancellationToken).ConfigureAwait(false);
        }
    }

    private SharedCredential? CreateCredential(TokenCredential? given)
    {
        if (given is null && _context.TokenSource is null)
        {
            return null;
        }

        TokenCredential inner = given ?? CredentialFactory.Create(_context.TokenSource!.Value, _context.ManagedIdentityClientId, _context.Cloud);
        return new SharedCredential(inner, _context.SignIn ?? "Default");
    }

    private BlobServiceClient CreateStorage()
    {
        BlobClientOptions options = StorageClients.CreateOptions();
        ContextSecrets secrets = _context.Secrets;
        switch (_context.StorageAuth)
        {
            case StorageAuthMethod.ConnectionString:
                return new BlobServiceClient(ContextSecrets.Reveal(secrets.StorageConnectionString!), options);
            case StorageAuthMethod.SasToken:
                return new BlobServiceClient(_context.BlobEndpoint, new AzureSasCredential(ContextSecrets.Reveal(secrets.StorageSasToken!)), options);
            default:
                options.Audience = new Azure.Storage.Blobs.Models.BlobAudience(_context.Cloud.StorageScope(_context.BlobEndpoint).Replace("/.default", string.Empty));
                return new BlobServiceClient(_context.BlobEndpoint, Credential!, options);
        }
    }
}
