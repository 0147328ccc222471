using BlobBatch.Emulator.Batches;
using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Quota;

/// <summary>
/// Enqueued tokens per deployment: the estimates of its batches not yet terminal. Derived from the batch store,
/// so a restart or a terminal state releases tokens without separate bookkeeping.
/// </summary>
public sealed class QuotaLedger(BatchStore batches, EmulatorOptions options)
{
    private readonly object _admission = new();

    public long Enqueued(string deployment) =>
        batches.Unfinished().Where(b => BatchStore.Read(b, r => r.Deployment) == deployment).Sum(b => BatchStore.Read(b, r => r.EstimatedTokens));

    /// <summary>The limit of a batch deployment; null for unknown or Standard ones, whose batches fail validation instead.</summary>
    public long? Limit(string deployment) =>
        options.Deployments.FirstOrDefault(d => d.Name == deployment && d.Sku != DeploymentSku.Standard)?.MaxEnqueuedTokens;

    /// <summary>Checks and admits under one lock, so two concurrent creates cannot both squeeze under the limit.</summary>
    public QuotaDecision Admit(string? deployment, long tokens, Action admit)
    {
        lock (_admission)
        {
            long? limit = deployment is null ? null : Limit(deployment);
            if (deployment is null || limit is null)
            {
                admit();
                return new QuotaDecision(true, 0, null);
            }

            long enqueued = Enqueued(deployment);
            if (enqueued + tokens > limit)
            {
                return new QuotaDecision(false, enqueued, limit);
            }

            admit();
            return new QuotaDecision(true, enqueued + tokens, limit);
        }
    }
}
