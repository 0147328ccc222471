using System.Diagnostics;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Workflows;
using BlobBatch.Emulator.Faults;

namespace BlobBatch.Workflows.Tests;

/// <summary>Create is not idempotent: an answer lost after the service created the batch must not bill twice.</summary>
public class CreateAtMostOnceTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData(FaultKind.DropAfter, 0)]
    [InlineData(FaultKind.StatusAfter, 500)]
    [InlineData(FaultKind.StatusAfter, 503)]
    public async Task ALostAnswerAdoptsTheBatchTheServiceCreated(FaultKind kind, int status)
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o => o.Faults.Rules.Add(new FaultRule { Kind = kind, StatusCode = status, Operation = "create", Count = 1 }));
        await AssertOneBatchPerPartAsync(stack);
    }

    [Fact]
    public async Task ATimeoutAfterTheRequestWentOutAdoptsTheBatchToo()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(
            o => o.Faults.Rules.Add(new FaultRule { Kind = FaultKind.DelayAfter, DelayMilliseconds = 5_000, Operation = "create", Count = 1 }),
            c => c.NetworkTimeout = TimeSpan.FromSeconds(1));
        await AssertOneBatchPerPartAsync(stack);
    }

    [Fact]
    public async Task ARefusedCreateIsNotRetriedAndNothingIsAdopted()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        IReadOnlyList<BatchInputFile> files = await stack.BuildInputAsync(2, deployment: "no-such-deployment");

        // An unknown deployment fails in validation, not at create: the batch exists once and ends failed.
        BlobBatchJob job = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(files[0], stack.Context, 0, CancellationToken.None));
        BlobBatchJob done = Assert.Single((await new RunWaiter(stack.Hooks).WaitAsync(new[] { job }, Poll, null, null, CancellationToken.None)).Jobs);
        Assert.Equal("failed", done.Status);
        Assert.Single(await stack.ListBatchesAsync());
    }

    // retry-after-ms alone (3 s), retry-after-ms with Retry-After (1.5 s, the finer one wins), and an
    // HTTP date alone (1.5 s rounded to the next whole second, less what the clock had already run of it).
    [Theory]
    [InlineData(3000, true, false, 3000)]
    [InlineData(1500, false, false, 1500)]
    [InlineData(1500, false, true, 1000)]
    public async Task EveryFormOfRetryAfterIsWaitedFor(int askedMilliseconds, bool millisecondsOnly, bool asDate, int leastMilliseconds)
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o => o.Faults.Rules.Add(new FaultRule
        {
            Kind = FaultKind.Throttle, Operation = "list", Count = 1, RetryAfterMilliseconds = askedMilliseconds,
            RetryAfterMillisecondsOnly = millisecondsOnly, RetryAfterAsDate = asDate,
        }));
        Stopwatch watch = Stopwatch.StartNew();

        await stack.ListBatchesAsync();

        Assert.InRange(watch.ElapsedMilliseconds, leastMilliseconds, 20_000);
    }

    private static async Task AssertOneBatchPerPartAsync(WorkflowStack stack)
    {
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(3));
        string state = stack.PathOf("run.json");

        BlobBatchJob job = Assert.Single(await new RunStarter(new StartSettings { StatePath = state, PollInterval = Poll }, stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));

        List<BlobBatchJob> batches = await stack.ListBatchesAsync();
        Assert.Equal(job.Id, Assert.Single(batches).Id);
        RunPart part = Assert.Single(RunManifestStore.TryReadLocal(state)!.Parts);
        CreateAttempt attempt = Assert.Single(part.CreateAttempts);
        Assert.StartsWith("unknown: ", attempt.Outcome, StringComparison.Ordinal);
        Assert.EndsWith("; adopted " + job.Id, attempt.Outcome, StringComparison.Ordinal);
        Assert.Equal(job.Id, part.BatchId);

        WaitOutcome done = await new RunWaiter(stack.Hooks).WaitAsync(new[] { job }, Poll, null, null, CancellationToken.None);
        SaveOutcome? saved = await new ResultJoiner(stack.Hooks).SaveAsync(done.Jobs, new SaveSettings(stack.PathOf("out")), null, CancellationToken.None);
        Assert.True(saved!.Summary.Reconciled);
        Assert.Equal(3, saved.Summary.Succeeded);
    }
}
