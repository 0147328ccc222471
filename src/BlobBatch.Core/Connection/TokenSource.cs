namespace BlobBatch.Core.Connection;

/// <summary>Where a Microsoft Entra token comes from. Never prompts: runbooks and pipelines have no one to click.</summary>
public enum TokenSource
{
    /// <summary>DefaultAzureCredential without interactive prompts.</summary>
    Default,
    ManagedIdentity,
    WorkloadIdentity,

    /// <summary>Azure.Identity's AzurePowerShellCredential: starts a pwsh per token. AzContext reuses this session's sign-in instead.</summary>
    AzurePowerShell,
    AzureCli,
    Environment,

    /// <summary>The Az sign-in of this PowerShell session (Get-AzContext), asked through Get-AzAccessToken.</summary>
    AzContext,
}
