using System;
using System.Management.Automation;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Jobs;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>
/// A target for Start-BlobBatch -Target: a resource (its context) and the deployments on it to spread
/// parts over, for runs whose resources name their deployments differently.
/// </summary>
[Cmdlet(VerbsCommon.New, "BlobBatchTarget")]
[OutputType(typeof(RunTarget))]
public sealed class NewBlobBatchTargetCommand : PSCmdlet
{
    /// <summary>The resource; the session's context by default. Contexts piped in make one target each.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public BlobBatchContext? Context { get; set; }

    /// <summary>The deployments on that resource; by default each part's own.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DeploymentCompleter))]
    public string[] Deployment { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord() =>
        WriteObject(new RunTarget(ContextResolver.Resolve(Context), Deployment));
}
