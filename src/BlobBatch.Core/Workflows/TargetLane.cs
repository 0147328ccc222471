using System;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// One place a run's parts can go: a resource and one deployment on it (or each part's own), with the
/// deployment's quota gate, since the enqueued-token quota is per deployment. Set aside for good once
/// it refuses for a reason other than quota; on probation until its first batch leaves validation.
/// </summary>
internal sealed class TargetLane
{
    public TargetLane(BlobBatchContext context, string? deployment, QuotaSettings quota)
    {
        Context = context;
        Deployment = deployment;
        Client = BatchServiceClient.For(context);
        Gate = new QuotaGate(Client, quota);
    }

    public BlobBatchContext Context { get; }

    /// <summary>The deployment every part sent here uses; null: each part's own.</summary>
    public string? Deployment { get; }

    public BatchServiceClient Client { get; }

    public QuotaGate Gate { get; }

    /// <summary>The resource (host and port, which tells local emulators apart) and the deployment.</summary>
    public string Name => $"{Context.Endpoint.Authority}/{Deployment ?? "(each part's deployment)"}";

    /// <summary>True once the resource answered a list with this context's credential.</summary>
    public bool Probed { get; set; }

    /// <summary>Why the target takes no more parts; null while it does.</summary>
    public string? SetAsideWhy { get; set; }

    /// <summary>Its first batch, held until it leaves validation: a deployment that does not exist or cannot run batches fails there.</summary>
    public Probation? OnProbation { get; set; }

    /// <summary>True once a batch of this run left validation here: the target takes batches.</summary>
    public bool Proven { get; set; }

    /// <summary>Batches of this run that ended here.</summary>
    public int Done { get; set; }

    public string DeploymentFor(BatchInputFile file) => Deployment ?? file.Deployment;

    /// <summary>Does this lane stand for the target a manifest part was sent to?</summary>
    public bool Serves(RunPart part, string runEndpoint) =>
        string.Equals(Context.Endpoint.AbsoluteUri, part.ResourceEndpoint ?? runEndpoint, StringComparison.OrdinalIgnoreCase)
        && (Deployment is null || Deployment == part.Deployment);

    public override string ToString() => Name;
}

/// <summary>A target's first batch, with what is needed to send its part elsewhere if the target turns out unable to run it.</summary>
internal sealed class Probation
{
    public Probation(BlobBatchJob job, RunPart part, BatchInputFile file, int attempt)
    {
        Job = job;
        Part = part;
        File = file;
        Attempt = attempt;
    }

    /// <summary>The batch as last seen.</summary>
    public BlobBatchJob Job { get; set; }

    public RunPart Part { get; }

    public BatchInputFile File { get; }

    public int Attempt { get; }
}
