using System.Collections.Generic;
using System.IO;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Storage;

/// <summary>
/// Every blob a save will read for its jobs, checked before the first request: a hostile URL in the
/// last job must not leave the results of the first ones half-written.
/// </summary>
public static class JobBlobs
{
    public static void RequireConfined(IEnumerable<BlobBatchJob> jobs)
    {
        foreach (BlobBatchJob job in jobs)
        {
            foreach (string? url in new[] { job.OutputBlob, job.ErrorBlob })
            {
                if (!string.IsNullOrEmpty(url))
                {
                    BlobConfinement.RequireBlobName(job.Context, job.Context.OutputContainer, url, BlobConfinement.OutputOutsideContainer);
                }
            }

            // The input blob is read only when the local part is gone (LocalInputCopy).
            bool inputIsLocal = job.InputPath is string local && File.Exists(local);
            if (!inputIsLocal && !string.IsNullOrEmpty(job.InputBlob))
            {
                BlobConfinement.RequireBlobName(job.Context, job.Context.InputContainer, job.InputBlob, BlobConfinement.InputOutsideContainer);
            }
        }
    }
}
