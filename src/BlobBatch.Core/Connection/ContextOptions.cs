using System.Security;

namespace BlobBatch.Core.Connection;

/// <summary>What a user asked for; <see cref="ContextBuilder"/> checks it and makes a context.</summary>
public sealed class ContextOptions
{
    public string? Endpoint { get; set; }

    public string? ApiVersion { get; set; }

    public SecureString? ApiKey { get; set; }

    public TokenSource? TokenSource { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    public string? StorageAccount { get; set; }

    public string? BlobEndpoint { get; set; }

    public SecureString? StorageConnectionString { get; set; }

    public SecureString? StorageSasToken { get; set; }

    public string? InputContainer { get; set; }

    public string? OutputContainer { get; set; }
}
