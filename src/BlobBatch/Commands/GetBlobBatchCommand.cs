using System;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Workflows;
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

    protected override Task ProcessRecordAsync()
    {
        BlobBatchContext context = ContextResolver.Resolve(Context);
        return ParameterSetName == IdSet
            ? BatchLookup.GetAsync(context, Id, Emit, ex => EmitError(ErrorRecords.From(ex)), CancelToken, EmitVerbose)
            : BatchLookup.ListAsync(context, Status, First, Emit, CancelToken, EmitVerbose);
    }
}
