using System.Security;
using Azure.Core;

namespace BlobBatch.Core.Connection;

/// <summary>What a user asked for; <see cref="ContextBuilder"/> checks it and makes a context.</summary>
public sealed class ContextOptions
{
    public string? Endpoint { get; set; }

    public string? ApiVersion { get; set; }

    /// <summary>The cloud; inferred from the endpoint's host when not given.</summary>
    public AzureEnvironment? Environment { get; set; }

    public SecureString? ApiKey { get; set; }

    public TokenSource? TokenSource { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    public string? StorageAccount { get; set; }

    public string? BlobEndpoint { get; set; }

    public SecureString? StorageConnectionString { get; set; }

    public SecureString? StorageSasToken { get; set; }

    public string? InputContainer { get; set; }

    public string? OutputContainer { get; set; }

    /// <summary>A credential made by the caller (an Az session's); the token source is then <see cref="Connection.TokenSource.AzContext"/>.</summary>
    internal TokenCredential? Credential { get; set; }

    /// <summary>How long one call to the batch service may take; tests shorten it to play a timeout after the request was sent.</summary>
    internal System.TimeSpan? NetworkTimeout { get; set; }

    /// <summary>How <see cref="Credential"/> signs in, in words (account and tenant).</summary>
    internal string? CredentialDescription { get; set; }
}
