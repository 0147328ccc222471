namespace BlobBatch.Core.Batches;

/// <summary>A new batch and the deployment's queue as the create call reported it.</summary>
public sealed class BatchCreated
{
    public BatchCreated(BatchState state, long? enqueuedTokens, long? maximumEnqueuedTokens)
    {
        State = state;
        EnqueuedTokens = enqueuedTokens;
        MaximumEnqueuedTokens = maximumEnqueuedTokens;
    }

    public BatchState State { get; }

    public long? EnqueuedTokens { get; }

    public long? MaximumEnqueuedTokens { get; }
}
