using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Workflows;
using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Workflows.Tests;

/// <summary>Quota waits that end: a part larger than the whole queue is split, not retried for ever, even without the quota headers.</summary>
public class QuotaWorkflowTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A200RequestPartOverA3000TokenQuotaWithoutHeadersCompletesEveryRequest(bool limitInMessage)
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o =>
        {
            o.QuotaHeaders = false;
            o.QuotaNumbersInMessage = limitInMessage;
            o.Deployments.Add(new DeploymentOptions { Name = "small-quota", Model = "gpt-4o", Sku = DeploymentSku.GlobalBatch, MaxEnqueuedTokens = 3_000 });
        });
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(200, deployment: "small-quota"));
        Assert.True(file.EstimatedTokens > 3_000);
        string state = stack.PathOf("run.json");

        IReadOnlyList<BlobBatchJob> jobs = await new RunStarter(new StartSettings { StatePath = state, PollInterval = Poll }, stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None);

        Assert.True(jobs.Count > 1);
        WaitOutcome done = await new RunWaiter(stack.Hooks).WaitAsync(jobs, Poll, null, null, CancellationToken.None);
        SaveOutcome? saved = await new ResultJoiner(stack.Hooks).SaveAsync(done.Jobs, new SaveSettings(stack.PathOf("out")), null, CancellationToken.None);
        Assert.Equal(200, saved!.Summary.Succeeded);
        Assert.True(saved.Summary.Reconciled);
        RunManifest manifest = RunManifestStore.TryReadLocal(state)!;
        Assert.NotNull(manifest.Parts[0].QuotaSplitTokens);
        Assert.Null(manifest.Parts[0].BatchId);
        Assert.Equal(200, manifest.Parts.Skip(1).Sum(p => p.RequestCount));
        Assert.Contains(stack.Progress, p => p.Activity == "Waiting for token quota");
    }

    [Fact]
    public async Task AQuotaWaitEndsWithItsOwnErrorAfterTheTimeout()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o =>
        {
            o.Pacing.ValidatingSeconds = 60;
            o.Deployments.Add(new DeploymentOptions { Name = "small-quota", Model = "gpt-4o", Sku = DeploymentSku.GlobalBatch, MaxEnqueuedTokens = 3_000 });
        });
        IReadOnlyList<BatchInputFile> files = await stack.BuildInputAsync(200, maxRequestsPerFile: 100, deployment: "small-quota");
        Assert.True(files.Sum(f => f.EstimatedTokens) > 3_000 && files[0].EstimatedTokens < 3_000);
        var starter = new RunStarter(new StartSettings { PollInterval = Poll, QuotaTimeout = TimeSpan.FromSeconds(2) }, stack.Hooks);
        Assert.NotEmpty(await starter.StartAsync(files[0], stack.Context, 0, CancellationToken.None));

        var ex = await Assert.ThrowsAsync<BlobBatchException>(() => starter.StartAsync(files[1], stack.Context, 0, CancellationToken.None));

        Assert.Equal("QuotaWaitTimedOut", ex.ErrorId);
        Assert.Equal(ErrorKind.Timeout, ex.Kind);
    }

    [Theory]
    [InlineData("Enqueued token limit reached: 10 are enqueued, the limit is 3,000 (token_limit_exceeded).", 3000L)]
    [InlineData("token_limit_exceeded: limit of 90000 tokens", 90000L)]
    [InlineData("Enqueued token limit reached (token_limit_exceeded).", null)]
    public void TheLimitIsReadFromTheRefusalWhenItStatesOne(string message, long? limit)
    {
        Assert.Equal(limit, QuotaGate.Stated(message));
    }
}
