using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Looks up batches by id, or lists every batch of the resource, newest first.</summary>
[Cmdlet(VerbsCommon.Get, "BlobBatch", DefaultParameterSetName = ListSet)]
[OutputType(typeof(BlobBatchJob))]
public sealed class GetBlobBatchCommand : AsyncPSCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>Only batches in these states (validating, in_progress, completed, failed, …).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateSet("validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled", IgnoreCase = true)]
    public string[]? Status { get; set; }

    /// <summary>Stop after this many batches.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public BlobBatchContext? Context { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        BlobBatchContext context = ContextResolver.Resolve(Context);
        BatchServiceClient client = BatchServiceClient.For(context);
        if (ParameterSetName == IdSet)
        {
            foreach (string id in Id)
            {
                try
                {
                    Emit(new BlobBatchJob(await client.GetAsync(id, CancelToken).ConfigureAwait(false), JobOrigin.Unknown, context));
                }
                catch (BlobBatchException ex) when (ex.Kind == ErrorKind.NotFound)
                {
                    // One unknown id does not hide the others.
                    EmitError(ErrorRecords.From(ex));
                }
            }

            return;
        }

        int emitted = 0;
        string? after = null;
        do
        {
            BatchPage page = await client.ListAsync(after, 100, CancelToken).ConfigureAwait(false);
            foreach (BatchState state in page.Batches.Where(b => Status is null || Status.Any(s => BatchStatus.Matches(b.Status, s))))
            {
                Emit(new BlobBatchJob(state, JobOrigin.Unknown, context));
                if (First is int limit && ++emitted >= limit)
                {
                    return;
                }
            }

            after = page.HasMore ? page.LastId : null;
        }
        while (after is not null);
    }
}
