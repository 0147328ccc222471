using BlobBatch.Core.Batches;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Workflows;
using BlobBatch.Emulator.Faults;
using Microsoft.Extensions.DependencyInjection;

namespace BlobBatch.Workflows.Tests;

/// <summary>Billed work of a batch that ended early is saved, also when the batch names no output blob.</summary>
public class PartialResultsTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData("cancelled", null)]
    [InlineData("cancelled", "output_blob")]
    [InlineData("cancelled", "output_blob,error_blob")]
    [InlineData("expired", "output_blob,error_blob")]
    public async Task TheAnswersOfABatchThatEndedEarlyAreSavedFromItsPartsOwnFolder(string ending, string? fieldsTheServiceLeavesEmpty)
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o =>
        {
            o.Pacing.RequestLatencySeconds = 0.25;
            o.Pacing.Concurrency = 1;
            o.ExpirySeconds = ending == "expired" ? 2 : null;
        });
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(12));
        BlobBatchJob job = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        Assert.Equal($"{job.RunId}/parts/{Path.GetFileNameWithoutExtension(file.Path)}", job.OutputFolder);

        BlobBatchJob running = await WaitUntilAnsweredAsync(stack, job, atLeast: 3);
        BlobBatchJob ended = ending == "cancelled"
            ? await CancelAsync(stack, running)
            : Assert.Single((await new RunWaiter(stack.Hooks).WaitAsync(new[] { running }, Poll, null, null, CancellationToken.None)).Jobs);
        Assert.Equal(ending, ended.Status);
        Assert.StartsWith($"{stack.Context.OutputContainerUri.AbsoluteUri}/{job.OutputFolder}/", ended.OutputBlob);
        if (fieldsTheServiceLeavesEmpty is not null)
        {
            // The service as it may answer for a batch that ended early: no output_blob (nor error_blob).
            stack.Emulator.Host.Services.GetRequiredService<FaultInjector>().Replace(new() { Rules =
            {
                new FaultRule { Kind = FaultKind.Rewrite, Field = fieldsTheServiceLeavesEmpty, Value = string.Empty },
            } });
            ended = ended.WithState(await BatchServiceClient.For(stack.Context).GetAsync(job.Id, CancellationToken.None));
            Assert.True(string.IsNullOrEmpty(ended.OutputBlob));
        }

        SaveOutcome saved = (await new ResultJoiner(stack.Hooks).SaveAsync(new[] { ended }, new SaveSettings(stack.PathOf("results")), null, CancellationToken.None))!;

        Assert.InRange(saved.Summary.Succeeded, 3, 11);
        Assert.Equal(12, saved.Summary.Succeeded + saved.Summary.Failed + saved.Summary.NotRun);
        Assert.True(saved.Summary.Reconciled);
        Assert.Equal(saved.Summary.Succeeded, File.ReadAllLines(stack.PathOf("results/results.jsonl")).Length);
    }

    private static async Task<BlobBatchJob> CancelAsync(WorkflowStack stack, BlobBatchJob running)
    {
        var canceller = new BatchCanceller(stack.Hooks);
        return Assert.Single(await canceller.WaitCancelledAsync(new[] { (await canceller.CancelAsync(running, CancellationToken.None))! }, Poll, CancellationToken.None));
    }

    private static async Task<BlobBatchJob> WaitUntilAnsweredAsync(WorkflowStack stack, BlobBatchJob job, int atLeast)
    {
        for (int i = 0; i < 200; i++)
        {
            BlobBatchJob fresh = job.WithState(await BatchServiceClient.For(stack.Context).GetAsync(job.Id, CancellationToken.None));
            if (fresh.CompletedRequests >= atLeast)
            {
                return fresh;
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"Batch {job.Id} answered fewer than {atLeast} requests in time.");
    }
}
