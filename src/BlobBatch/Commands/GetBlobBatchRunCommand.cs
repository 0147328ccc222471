using System;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Runs;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Lists the runs recorded in the output container (id, started, parts, attempts, status, counts), or the named ones.</summary>
[Cmdlet(VerbsCommon.Get, "BlobBatchRun")]
[OutputType(typeof(RunInfo))]
public sealed class GetBlobBatchRunCommand : AsyncPSCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] RunId { get; set; } = Array.Empty<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public BlobBatchContext? Context { get; set; }

    protected override Task ProcessRecordAsync() =>
        RunCatalog.ListAsync(ContextResolver.Resolve(Context), RunId, Emit, ex => EmitError(ErrorRecords.From(ex)), CancelToken);
}
