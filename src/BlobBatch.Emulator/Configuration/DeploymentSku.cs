namespace BlobBatch.Emulator.Configuration;

/// <summary>Deployment types; only the two batch SKUs accept batch jobs.</summary>
public enum DeploymentSku
{
    GlobalBatch,
    DataZoneBatch,
    Standard,
}
