namespace BlobBatch.Core.Connection;

/// <summary>Where a Microsoft Entra token comes from. Never prompts: runbooks and pipelines have no one to click.</summary>
public enum TokenSource
{
    /// <summary>DefaultAzureCredential without interactive prompts.</summary>
    Default,
    ManagedIdentity,
    WorkloadIdentity,
    AzurePowerShell,
    AzureCli,
    Environment,
}
