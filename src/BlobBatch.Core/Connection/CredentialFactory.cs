using System;
using Azure.Core;
using Azure.Identity;

namespace BlobBatch.Core.Connection;

/// <summary>Turns the user-facing <see cref="TokenSource"/> into a credential of the context's cloud. Nothing here prompts.</summary>
internal static class CredentialFactory
{
    public static TokenCredential Create(TokenSource source, string? managedIdentityClientId, CloudSettings cloud) => source switch
    {
        TokenSource.ManagedIdentity => new ManagedIdentityCredential(ManagedIdentity(managedIdentityClientId)),
        TokenSource.WorkloadIdentity => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        TokenSource.AzurePowerShell => new AzurePowerShellCredential(new AzurePowerShellCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        TokenSource.AzureCli => new AzureCliCredential(new AzureCliCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        TokenSource.Environment => new EnvironmentCredential(new EnvironmentCredentialOptions { AuthorityHost = cloud.AuthorityHost }),
        TokenSource.Default => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ExcludeInteractiveBrowserCredential = true,
            ManagedIdentityClientId = managedIdentityClientId,
            AuthorityHost = cloud.AuthorityHost,
        }),
        TokenSource.AzContext => throw new InvalidOperationException("An Az context's credential comes from the session that holds it."),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>How a sign-in is named in messages and on the context: the source, and a user-assigned identity's client id.</summary>
    public static string Describe(TokenSource source, string? managedIdentityClientId) =>
        source == TokenSource.ManagedIdentity
            ? managedIdentityClientId is null ? "ManagedIdentity (system-assigned)" : $"ManagedIdentity (client id {managedIdentityClientId})"
            : source.ToString();

    private static ManagedIdentityId ManagedIdentity(string? clientId) =>
        clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
}
