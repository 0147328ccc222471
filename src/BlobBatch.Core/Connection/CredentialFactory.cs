using System;
using Azure.Core;
using Azure.Identity;

namespace BlobBatch.Core.Connection;

/// <summary>Turns the user-facing <see cref="TokenSource"/> into a credential. Nothing here prompts.</summary>
internal static class CredentialFactory
{
    public static TokenCredential Create(TokenSource source, string? managedIdentityClientId) => source switch
    {
        TokenSource.ManagedIdentity => managedIdentityClientId is null
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId)),
        TokenSource.WorkloadIdentity => new WorkloadIdentityCredential(),
        TokenSource.AzurePowerShell => new AzurePowerShellCredential(),
        TokenSource.AzureCli => new AzureCliCredential(),
        TokenSource.Environment => new EnvironmentCredential(),
        TokenSource.Default => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ExcludeInteractiveBrowserCredential = true,
            ManagedIdentityClientId = managedIdentityClientId,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
