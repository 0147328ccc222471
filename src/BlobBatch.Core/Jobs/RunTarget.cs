using System;
using System.Linq;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Jobs;

/// <summary>
/// Where a run's parts may go: a resource (its context) and the deployments on it to use. With no
/// deployment named, a part goes to the deployment its own lines name. New-BlobBatchTarget makes one;
/// a hashtable with Context and Deployment converts to one too.
/// </summary>
public sealed class RunTarget
{
    public RunTarget()
    {
    }

    public RunTarget(BlobBatchContext context, params string[] deployment)
    {
        Context = context;
        Deployment = deployment;
    }

    /// <summary>The resource; null means the session's context.</summary>
    public BlobBatchContext? Context { get; set; }

    /// <summary>The deployments of the resource to spread parts over; empty uses each part's own deployment.</summary>
    public string[] Deployment { get; set; } = Array.Empty<string>();

    public override string ToString() =>
        $"{Context?.Endpoint.Host ?? "(session context)"}: {(Deployment.Length == 0 ? "each part's deployment" : string.Join(", ", Deployment.Where(d => d is not null)))}";
}
