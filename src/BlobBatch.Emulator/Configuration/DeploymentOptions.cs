namespace BlobBatch.Emulator.Configuration;

/// <summary>One deployment of the emulated resource: the name lines put in body.model.</summary>
public sealed class DeploymentOptions
{
    public string Name { get; set; } = string.Empty;

    public string Model { get; set; } = "gpt-4o";

    public DeploymentSku Sku { get; set; } = DeploymentSku.GlobalBatch;

    /// <summary>Enqueued-token quota: estimated input tokens of all unfinished batches on this deployment.</summary>
    public long MaxEnqueuedTokens { get; set; } = 5_000_000;

    /// <summary>
    /// Processing speed in (estimated prompt) tokens per second; 0 = not paced by tokens (only by
    /// <see cref="PacingOptions"/>). When set, the deployment runs its in-progress batches' lines oldest batch first
    /// at this rate (see <see cref="Pacing.TokenPacer"/>), so a batch's time follows from its tokens.
    /// </summary>
    public double TokensPerSecond { get; set; }

    public static IEnumerable<DeploymentOptions> Defaults() =>
    [
        new() { Name = "gpt-4o-batch", Model = "gpt-4o", Sku = DeploymentSku.GlobalBatch, MaxEnqueuedTokens = 5_000_000 },
        new() { Name = "gpt-4o-mini-batch", Model = "gpt-4o-mini", Sku = DeploymentSku.DataZoneBatch, MaxEnqueuedTokens = 15_000_000 },
        new() { Name = "gpt-4o-standard", Model = "gpt-4o", Sku = DeploymentSku.Standard, MaxEnqueuedTokens = 0 },
        // Today's models need the v1 surface for Global Batch; its quota is gpt-4o's (spec §7: same row).
        new() { Name = "gpt-5-batch", Model = "gpt-5", Sku = DeploymentSku.GlobalBatch, MaxEnqueuedTokens = 5_000_000 },
    ];

    /// <summary>The model behind a deployment name; an unknown name is taken as the model itself.</summary>
    public static string ModelOf(IEnumerable<DeploymentOptions> deployments, string deploymentName) =>
        deployments.FirstOrDefault(d => d.Name == deploymentName)?.Model ?? deploymentName;
}
