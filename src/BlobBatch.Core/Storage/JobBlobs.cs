using System.Collections.Generic;
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

            // The input blob is read only when the local part is gone (LocalInputCopy); a service that names one
            // outside the input container is refused all the same, before anything else is read for the job.
            if (!string.IsNullOrEmpty(job.InputBlob))
            {
                BlobConfinement.RequireBlobName(job.Context, job.Context.InputContainer, job.InputBlob, BlobConfinement.InputOutsideContainer);
            }
        }
    }
}
