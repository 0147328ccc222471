using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Looks batches up by id, or lists a resource's batches newest first, following the service's pages;
/// each with its run id, part and attempt (<see cref="RunOrigins"/>) when it belongs to a run.
/// </summary>
public static class BatchLookup
{
    /// <summary>Each id's batch, in order; an id the service does not know goes to <paramref name="notFound"/> and does not hide the others.</summary>
    public static async Task GetAsync(
        BlobBatchContext context, IEnumerable<string> ids, Action<BlobBatchJob> found, Action<BlobBatchException> notFound, CancellationToken cancellationToken, Action<string>? log = null)
    {
        BatchServiceClient client = BatchServiceClient.For(context);
        var origins = new RunOrigins(context, log ?? (_ => { }));
        foreach (string id in ids)
        {
            try
            {
                BatchState state = await client.GetAsync(id, cancellationToken).ConfigureAwait(false);
                found(new BlobBatchJob(state, await origins.OriginOfAsync(state, cancellationToken).ConfigureAwait(false), context));
            }
            catch (BlobBatchException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                notFound(ex);
            }
        }
    }

    /// <summary>Every batch (of the given statuses), newest first, until <paramref name="first"/> were found or the list ends.</summary>
    public static async Task ListAsync(
        BlobBatchContext context, IReadOnlyCollection<string>? statuses, int? first, Action<BlobBatchJob> found, CancellationToken cancellationToken, Action<string>? log = null)
    {
        BatchServiceClient client = BatchServiceClient.For(context);
        var origins = new RunOrigins(context, log ?? (_ => { }));
        int emitted = 0;
        string? after = null;
        do
        {
            BatchPage page = await client.ListAsync(after, 100, cancellationToken).ConfigureAwait(false);
            foreach (BatchState state in page.Batches.Where(b => statuses is null || statuses.Any(s => BatchStatus.Matches(b.Status, s))))
            {
                found(new BlobBatchJob(state, await origins.OriginOfAsync(state, cancellationToken).ConfigureAwait(false), context));
                if (first is int limit && ++emitted >= limit)
                {
                    return;
                }
            }

            after = page.HasMore ? page.LastId : null;
        }
        while (after is not null);
    }

    /// <summary>Jobs for ids given by hand, not yet read from the service.</summary>
    public static IReadOnlyList<BlobBatchJob> Unread(BlobBatchContext context, IEnumerable<string> ids, string assumedStatus) =>
        ids.Select(id => new BlobBatchJob(new BatchState { Id = id, Status = assumedStatus }, JobOrigin.Unknown, context)).ToList();
}
