namespace BlobBatch.Emulator.Quota;

/// <summary>Whether a batch fits, and the numbers for the deployment-*-enqueued-tokens headers.</summary>
public sealed record QuotaDecision(bool Admitted, long EnqueuedTokens, long? MaxEnqueuedTokens);
