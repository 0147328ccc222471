namespace BlobBatch.Emulator.Batches;

/// <summary>Sets the *_at field that belongs to a status when the batch enters it.</summary>
public static class BatchTimestamps
{
    public static void Stamp(BatchRecord batch, string status, long now)
    {
        switch (status)
        {
            case BatchStatus.InProgress: batch.InProgressAt = now; break;
            case BatchStatus.Finalizing: batch.FinalizingAt = now; break;
            case BatchStatus.Completed: batch.CompletedAt = now; break;
            case BatchStatus.Failed: batch.FailedAt = now; break;
            case BatchStatus.Expired: batch.ExpiredAt = now; break;
            case BatchStatus.Cancelling: batch.CancellingAt = now; break;
            case BatchStatus.Cancelled: batch.CancelledAt = now; break;
        }
    }
}
