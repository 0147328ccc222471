using System.Management.Automation;
using BlobBatch.Core.Connection;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Shows the session's default context.</summary>
[Cmdlet(VerbsCommon.Get, "BlobBatchContext")]
[OutputType(typeof(BlobBatchContext))]
public sealed class GetBlobBatchContextCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        BlobBatchContext? context = SessionContext.Current;
        if (context is null)
        {
            WriteError(new ErrorRecord(
                new ItemNotFoundException("No BlobBatch context is set in this session. Run Connect-BlobBatch first."),
                "NoBlobBatchContext", ErrorCategory.ObjectNotFound, null));
            return;
        }

        WriteObject(context);
    }
}
