namespace BlobBatch.Core.Connection;

/// <summary>The Azure clouds BlobBatch knows, named as Az names them (<c>Connect-AzAccount -Environment</c>).</summary>
public enum AzureEnvironment
{
    AzureCloud,
    AzureUSGovernment,
    AzureChinaCloud,
}
