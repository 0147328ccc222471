using Azure.Storage.Blobs;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Workflows;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Faults;

namespace BlobBatch.Workflows.Tests;

/// <summary>One run over several targets: deployments of one resource, and resources of their own (emulator instances over one storage).</summary>
public class FanoutWorkflowTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private static Action<EmulatorOptions> Deployments(params (string Name, long Quota)[] deployments) => o =>
    {
        foreach ((string name, long quota) in deployments)
        {
            o.Deployments.Add(new DeploymentOptions { Name = name, Model = "gpt-4o", Sku = DeploymentSku.GlobalBatch, MaxEnqueuedTokens = quota });
        }
    };

    [Fact]
    public async Task PartsGoToTheDeploymentWithTheMostFreeQuotaAndTheirLinesNameIt()
    {
        // Batches stay running while the run starts, so what they hold counts against each deployment.
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o =>
        {
            Deployments(("east-batch", 3 * 200 + 50), ("west-batch", 200 + 50))(o);
            o.Pacing.RequestLatencySeconds = 1;
            o.Pacing.Concurrency = 2;
        });
        IReadOnlyList<BatchInputFile> files = await stack.BuildInputAsync(20, maxRequestsPerFile: 5, deployment: "east-batch");
        Assert.Equal(4, files.Count);
        Assert.InRange(files[0].EstimatedTokens, 80, 200);
        var starter = new RunStarter(new StartSettings { StatePath = stack.PathOf("run.json"), PollInterval = Poll }, stack.Hooks);
        var targets = new[] { new RunTarget(stack.Context, "east-batch", "west-batch") };

        List<BlobBatchJob> jobs = await StartAllAsync(starter, files, targets, stack);

        // east is free first; west (unknown limit) next; then east has the room west lacks.
        Assert.Equal(new[] { "east-batch", "west-batch", "east-batch", "east-batch" }, OrderOfParts(stack.PathOf("run.json")));
        RunManifest manifest = RunManifestStore.TryReadLocal(stack.PathOf("run.json"))!;
        RunPart west = Assert.Single(manifest.Parts, p => p.Deployment == "west-batch");
        Assert.NotNull(west.UploadedSha256);
        Assert.NotEqual(west.Sha256, west.UploadedSha256);
        Assert.All(manifest.Parts.Where(p => p.Deployment == "east-batch"), p => Assert.Null(p.UploadedSha256));
        Assert.All(manifest.Parts, p => Assert.Equal(stack.Context.Endpoint.AbsoluteUri, p.ResourceEndpoint));
        Assert.DoesNotContain("\"current", File.ReadAllText(stack.PathOf("run.json")), StringComparison.OrdinalIgnoreCase);
        var blob = new BlobUriBuilder(new Uri(west.InputBlob));
        string uploaded = (await stack.Emulator.Blobs.GetBlobContainerClient(blob.BlobContainerName).GetBlobClient(blob.BlobName).DownloadContentAsync()).Value.Content.ToString();
        string local = File.ReadAllText(west.InputPath!);
        Assert.Contains("\"model\":\"west-batch\"", uploaded);
        Assert.DoesNotContain("west-batch", local);
        Assert.Equal(local.Replace("\"model\":\"east-batch\"", "\"model\":\"west-batch\""), uploaded);
        Assert.Contains(stack.Progress, p => p.ActivityId == ProgressActivities.Target + 1 && p.Activity.EndsWith("/west-batch"));

        await SaveReconciledAsync(stack, jobs, 20);
    }

    [Fact]
    public async Task MaxConcurrentBatchesHoldsPerTarget()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o =>
        {
            Deployments(("east-batch", 5_000_000), ("west-batch", 5_000_000))(o);
            o.Pacing.RequestLatencySeconds = 0.3;
            o.Pacing.Concurrency = 1;
        });
        IReadOnlyList<BatchInputFile> files = await stack.BuildInputAsync(12, maxRequestsPerFile: 3, deployment: "east-batch");
        var starter = new RunStarter(new StartSettings { PollInterval = Poll, MaxConcurrentBatches = 1 }, stack.Hooks);

        List<BlobBatchJob> jobs = await StartAllAsync(starter, files, new[] { new RunTarget(stack.Context, "east-batch", "west-batch") }, stack);
        WaitOutcome done = await new RunWaiter(stack.Hooks).WaitAsync(jobs, Poll, null, null, CancellationToken.None);

        foreach (IGrouping<string?, BlobBatchJob> target in done.Jobs.GroupBy(j => j.Deployment))
        {
            BlobBatchJob[] ordered = target.OrderBy(j => j.CreatedAt).ToArray();
            Assert.True(ordered.Length >= 1);
            for (int i = 1; i < ordered.Length; i++)
            {
                // The next batch on a target was created only once the one before it had ended.
                Assert.True(ordered[i].CreatedAt >= (ordered[i - 1].CompletedAt ?? ordered[i - 1].FailedAt), $"{target.Key}: {ordered[i - 1].Id} and {ordered[i].Id} overlap");
            }
        }

        Assert.Equal(2, done.Jobs.Select(j => j.Deployment).Distinct().Count());
        Assert.Contains(stack.Progress, p => p.ActivityId == ProgressActivities.Targets && p.Activity == "Targets");
    }

    [Theory]
    [InlineData("no-such-deployment", "model_not_found")]
    [InlineData("gpt-4o-standard", "invalid_request")]
    public async Task ATargetWhoseBatchFailsValidationIsSetAsideAndItsPartGoesElsewhere(string bad, string code)
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        IReadOnlyList<BatchInputFile> files = await stack.BuildInputAsync(12, maxRequestsPerFile: 3);
        var starter = new RunStarter(new StartSettings { StatePath = stack.PathOf("run.json"), PollInterval = Poll }, stack.Hooks);

        List<BlobBatchJob> jobs = await StartAllAsync(starter, files, new[] { new RunTarget(stack.Context, "gpt-4o-batch", bad) }, stack);

        Assert.Equal(4, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("gpt-4o-batch", j.Deployment));
        string warning = Assert.Single(stack.Warnings, w => w.Contains(bad));
        Assert.Contains(code, warning);
        Assert.Contains("set aside", warning);
        RunManifest manifest = RunManifestStore.TryReadLocal(stack.PathOf("run.json"))!;
        RunPart failed = Assert.Single(manifest.Parts, p => p.SupersededWhy is not null);
        Assert.Equal(bad, failed.Deployment);
        Assert.NotNull(failed.BatchId);
        RunPart instead = Assert.Single(manifest.Parts, p => p.InputBlob == failed.SupersededBy);
        Assert.Equal(failed.Sha256, instead.Sha256);
        Assert.NotEqual(failed.InputBlob, instead.InputBlob);

        await SaveReconciledAsync(stack, jobs, 12);

        // From storage alone the run is the same one: the set-aside batch is not the run's.
        IReadOnlyList<BlobBatchJob> loaded = await RunLoader.LoadJobsAsync(stack.Context, null, jobs[0].RunId, CancellationToken.None);
        Assert.Equal(jobs.Select(j => j.Id).OrderBy(i => i), loaded.Select(j => j.Id).OrderBy(i => i));
    }

    [Fact]
    public async Task AResourceThatCannotReadTheRunsStorageIsSetAsideAtValidation()
    {
        await using WorkflowStack east = await WorkflowStack.StartAsync();
        await using WorkflowStack blind = await SharingStorageWithAsync(east, o => o.Permissions.Add(new StoragePermission { Container = "*", Read = false, Write = false }));
        IReadOnlyList<BatchInputFile> files = await east.BuildInputAsync(6, maxRequestsPerFile: 2);
        var starter = new RunStarter(new StartSettings { PollInterval = Poll }, east.Hooks);

        List<BlobBatchJob> jobs = await StartAllAsync(starter, files, new[] { new RunTarget(east.Context), new RunTarget(blind.Context) }, east);

        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, j => Assert.Same(east.Context, j.Context));
        Assert.Contains(east.Warnings, w => w.Contains(blind.Context.Endpoint.Authority) && w.Contains("input_no_permissions"));
        await SaveReconciledAsync(east, jobs, 6);
    }

    [Fact]
    public async Task EveryTargetSetAsideEndsTheRunNamingEachAndWhy()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(3));
        var starter = new RunStarter(new StartSettings { PollInterval = Poll }, stack.Hooks);

        Assert.Empty(await starter.StartAsync(file, new[] { new RunTarget(stack.Context, "nothing-here", "gpt-4o-standard") }, stack.Context, 0, CancellationToken.None));
        var ex = await Assert.ThrowsAsync<BlobBatchException>(() => starter.FinishAsync(CancellationToken.None));

        Assert.Equal("AllTargetsSetAside", ex.ErrorId);
        Assert.Contains("nothing-here", ex.Message);
        Assert.Contains("gpt-4o-standard", ex.Message);
        Assert.Contains("model_not_found", ex.Message);
    }

    [Fact]
    public async Task ARunOverTwoResourcesIsOneRunAndAResourceThatRefusesTheCreateIsSetAside()
    {
        await using WorkflowStack east = await WorkflowStack.StartAsync();
        await using WorkflowStack west = await SharingStorageWithAsync(east);
        await using WorkflowStack north = await SharingStorageWithAsync(east, o => o.Faults.Rules.Add(new FaultRule { Kind = FaultKind.Status, StatusCode = 403, Operation = "create" }));
        IReadOnlyList<BatchInputFile> files = await east.BuildInputAsync(16, maxRequestsPerFile: 2);
        var starter = new RunStarter(new StartSettings { PollInterval = Poll }, east.Hooks);
        var targets = new[] { new RunTarget(east.Context), new RunTarget(west.Context), new RunTarget(north.Context) };

        List<BlobBatchJob> jobs = await StartAllAsync(starter, files, targets, east);

        Assert.Equal(8, jobs.Count);
        Assert.Equal(new[] { east.Context.Endpoint, west.Context.Endpoint }.OrderBy(e => e.Port), jobs.Select(j => j.Context.Endpoint).Distinct().OrderBy(e => e.Port));
        Assert.Contains(east.Warnings, w => w.Contains(north.Context.Endpoint.Authority) && w.Contains("ServiceAccessDenied"));
        Assert.Empty(await north.ListBatchesAsync());
        Assert.Equal(8, (await east.ListBatchesAsync()).Count + (await west.ListBatchesAsync()).Count);

        await SaveReconciledAsync(east, jobs, 16);
        IReadOnlyList<BlobBatchJob> loaded = await RunLoader.LoadJobsAsync(new[] { west.Context, east.Context }, null, jobs[0].RunId, CancellationToken.None);
        Assert.Equal(8, loaded.Count);
        Assert.Contains(east.Logs, l => l.StartsWith("By target: ", StringComparison.Ordinal) && l.Contains(west.Context.Endpoint.Authority));
        var missing = await Assert.ThrowsAsync<BlobBatchException>(() => RunLoader.LoadJobsAsync(east.Context, null, jobs[0].RunId, CancellationToken.None));
        Assert.Equal("RunContextMismatch", missing.ErrorId);
        Assert.Contains(west.Context.Endpoint.Authority, missing.Message);
    }

    [Fact]
    public async Task FailedRequestsAreRetriedOverTheTargetsFromTheBlobsAloneAndTheRunStillReconciles()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o =>
        {
            Deployments(("east-batch", 5_000_000), ("west-batch", 5_000_000))(o);
            o.Faults.RequestFailureRate = 0.3;
        });
        IReadOnlyList<BatchInputFile> files = await stack.BuildInputAsync(20, maxRequestsPerFile: 5, deployment: "east-batch");
        var targets = new[] { new RunTarget(stack.Context, "east-batch", "west-batch") };
        var settings = new StartSettings { StatePath = stack.PathOf("run.json"), PollInterval = Poll };
        List<BlobBatchJob> jobs = await StartAllAsync(new RunStarter(settings, stack.Hooks), files, targets, stack);
        WaitOutcome first = await new RunWaiter(stack.Hooks).WaitAsync(jobs, Poll, null, settings.StatePath, CancellationToken.None);
        Assert.Equal(2, first.Jobs.Select(j => j.Deployment).Distinct().Count());
        int failed = first.Jobs.Sum(j => j.FailedRequests);
        Assert.True(failed > 0);

        // Another machine: the local parts are gone, so the retry reads the blobs, whose lines name each target's deployment.
        foreach (BatchInputFile file in files)
        {
            File.Delete(file.Path);
        }

        var retrier = new RunStarter(settings, stack.Hooks);
        IReadOnlyList<BlobBatchJob> retried = await retrier.RetryFailedAsync(targets, stack.Context, stack.Folder, CancellationToken.None);
        List<BlobBatchJob> all = first.Jobs.Concat(retried).Concat(await retrier.FinishAsync(CancellationToken.None)).ToList();

        Assert.NotEmpty(retried);
        Assert.All(retried, j => Assert.Equal(1, j.Attempt));
        WaitOutcome done = await new RunWaiter(stack.Hooks).WaitAsync(all, Poll, null, null, CancellationToken.None);
        SaveOutcome? saved = await new ResultJoiner(stack.Hooks).SaveAsync(done.Jobs, new SaveSettings(stack.PathOf("out")), null, CancellationToken.None);
        Assert.Equal(20, saved!.Summary.Requests);
        Assert.True(saved.Summary.Reconciled, string.Join("; ", saved.Summary.ReconciliationProblems));
    }

    [Fact]
    public async Task ATargetOnOtherStorageIsRefused()
    {
        await using WorkflowStack east = await WorkflowStack.StartAsync();
        await using WorkflowStack west = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await east.BuildInputAsync(2));

        var ex = await Assert.ThrowsAsync<BlobBatchException>(() =>
            new RunStarter(new StartSettings(), east.Hooks).StartAsync(file, new[] { new RunTarget(east.Context), new RunTarget(west.Context) }, east.Context, 0, CancellationToken.None));

        Assert.Equal("TargetStorageMismatch", ex.ErrorId);
    }

    /// <summary>Another emulator (a resource of its own) whose context uses the first one's storage and containers.</summary>
    private static Task<WorkflowStack> SharingStorageWithAsync(WorkflowStack first, Action<EmulatorOptions>? configure = null) =>
        WorkflowStack.StartAsync(configure, o =>
        {
            o.InputContainer = first.Context.InputContainer;
            o.OutputContainer = first.Context.OutputContainer;
        });

    private static async Task<List<BlobBatchJob>> StartAllAsync(RunStarter starter, IReadOnlyList<BatchInputFile> files, IReadOnlyList<RunTarget> targets, WorkflowStack stack)
    {
        var jobs = new List<BlobBatchJob>();
        foreach (BatchInputFile file in files)
        {
            jobs.AddRange(await starter.StartAsync(file, targets, stack.Context, 0, CancellationToken.None));
        }

        jobs.AddRange(await starter.FinishAsync(CancellationToken.None));
        return jobs;
    }

    private static string[] OrderOfParts(string statePath) =>
        RunManifestStore.TryReadLocal(statePath)!.Parts.OrderBy(p => p.PartNumber).Select(p => p.Deployment).ToArray();

    private static async Task SaveReconciledAsync(WorkflowStack stack, IReadOnlyList<BlobBatchJob> jobs, int requests)
    {
        WaitOutcome done = await new RunWaiter(stack.Hooks).WaitAsync(jobs, Poll, null, null, CancellationToken.None);
        SaveOutcome? saved = await new ResultJoiner(stack.Hooks).SaveAsync(done.Jobs, new SaveSettings(stack.PathOf("out-" + Guid.NewGuid().ToString("n")[..6])), null, CancellationToken.None);
        Assert.Equal(requests, saved!.Summary.Requests);
        Assert.Equal(requests, saved.Summary.Succeeded);
        Assert.True(saved.Summary.Reconciled, string.Join("; ", saved.Summary.ReconciliationProblems));
    }
}
