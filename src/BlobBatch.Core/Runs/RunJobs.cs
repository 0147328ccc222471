using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Runs;

/// <summary>The jobs of a recorded run, looked up afresh, for a process that resumes it.</summary>
public static class RunJobs
{
    public static async Task<IReadOnlyList<BlobBatchJob>> LoadAsync(BlobBatchContext context, RunManifest manifest, CancellationToken cancellationToken)
    {
        BatchServiceClient client = BatchServiceClient.For(context);
        var jobs = new List<BlobBatchJob>();
        foreach (RunPart part in manifest.Parts.Where(p => p.BatchId is not null).OrderBy(p => p.PartNumber))
        {
            BatchState state = await client.GetAsync(part.BatchId!, cancellationToken).ConfigureAwait(false);
            jobs.Add(new BlobBatchJob(state, part.OriginIn(manifest.RunId), context));
        }

        return jobs;
    }
}
