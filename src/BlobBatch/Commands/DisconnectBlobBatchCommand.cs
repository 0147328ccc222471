using System.Management.Automation;
using BlobBatch.Core.Connection;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Clears the session's default context, so no cmdlet uses it without -Context; the batches themselves are not touched.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "BlobBatch")]
[OutputType(typeof(BlobBatchContext))]
public sealed class DisconnectBlobBatchCommand : PSCmdlet
{
    /// <summary>Returns the context that was cleared (nothing when there was none).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        BlobBatchContext? cleared = SessionContext.Current;
        SessionContext.Current = null;
        WriteVerbose(cleared is null ? "No BlobBatch context was set in this session." : $"Cleared the session's context for {cleared.Endpoint}.");
        if (PassThru && cleared is not null)
        {
            WriteObject(cleared);
        }
    }
}
