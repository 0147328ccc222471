using System.Collections.Generic;

namespace BlobBatch.Core.Batches;

/// <summary>One page of the batch list.</summary>
public sealed class BatchPage
{
    public BatchPage(IReadOnlyList<BatchState> batches, bool hasMore, string? lastId)
    {
        Batches = batches;
        HasMore = hasMore;
        LastId = lastId;
    }

    public IReadOnlyList<BatchState> Batches { get; }

    public bool HasMore { get; }

    public string? LastId { get; }
}
