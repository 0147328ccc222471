using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Workflows.Tests;

/// <summary>Input → start → wait → save, each workflow on its own, against the emulator.</summary>
public class RunWorkflowTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task ARunInPartsIsStartedWaitedForSavedAndJoinedToItsRows()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        IReadOnlyList<BatchInputFile> files = await stack.BuildInputAsync(12, maxRequestsPerFile: 5);
        Assert.Equal(3, files.Count);

        var starter = new RunStarter(new StartSettings { StatePath = stack.PathOf("run.json"), PollInterval = Poll }, stack.Hooks);
        var jobs = new List<BlobBatchJob>();
        foreach (BatchInputFile file in files)
        {
            jobs.AddRange(await starter.StartAsync(file, stack.Context, attempt: 0, CancellationToken.None));
        }

        Assert.Single(jobs.Select(j => j.RunId).Distinct());
        WaitOutcome waited = await new RunWaiter(stack.Hooks).WaitAsync(jobs, Poll, null, stack.PathOf("run.json"), CancellationToken.None);
        Assert.False(waited.TimedOut);
        Assert.All(waited.Jobs, j => Assert.Equal("completed", j.Status));

        var joined = new List<JoinedResult>();
        SaveOutcome? saved = await new ResultJoiner(stack.Hooks).SaveAsync(
            waited.Jobs, new SaveSettings(stack.PathOf("results")) { CsvPath = stack.PathOf("joined.csv"), JoinRows = true }, joined.Add, CancellationToken.None);

        Assert.NotNull(saved);
        Assert.Equal(12, saved!.Summary.Succeeded);
        Assert.True(saved.Summary.Reconciled);
        Assert.Empty(saved.Problems);
        Assert.Equal(12, joined.Count);
        Assert.All(joined, j => Assert.Equal(j.Result.CustomId, j.Row!["Id"]));
        Assert.Contains("Team", saved.Columns.RowColumns);
        Assert.Equal(13, File.ReadAllLines(stack.PathOf("joined.csv")).Length);
        Assert.Contains(stack.Progress, p => p.ActivityId == ProgressActivities.Waiting && p.Completed);
        Assert.Contains(stack.Progress, p => p.ActivityId == ProgressActivities.Saving && p.Completed);
    }

    [Fact]
    public async Task StartingAPartOfTheRunAgainAdoptsItsBatchInsteadOfCreatingASecond()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(3));
        var settings = new StartSettings { StatePath = stack.PathOf("run.json"), PollInterval = Poll };

        BlobBatchJob first = Assert.Single(await new RunStarter(settings, stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        BlobBatchJob again = Assert.Single(await new RunStarter(settings, stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));

        Assert.Equal(first.Id, again.Id);
        var listed = new List<BlobBatchJob>();
        await BatchLookup.ListAsync(stack.Context, null, null, listed.Add, CancellationToken.None);
        Assert.Single(listed);
    }

    [Fact]
    public async Task ADeclinedConfirmUploadsNothingAndCreatesNoBatch()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(3));
        stack.Hooks.Confirm = (_, _) => Task.FromResult(false);

        IReadOnlyList<BlobBatchJob> jobs = await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None);

        Assert.Empty(jobs);
        Assert.Empty(stack.Emulator.InputContainer.GetBlobs());
        var listed = new List<BlobBatchJob>();
        await BatchLookup.ListAsync(stack.Context, null, null, listed.Add, CancellationToken.None);
        Assert.Empty(listed);
    }

    [Fact]
    public async Task RetryFailedResubmitsExactlyTheFailedRequestsAsANewAttempt()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o => o.Faults.RequestFailureRate = 0.4);
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(20));
        var settings = new StartSettings { StatePath = stack.PathOf("run.json"), PollInterval = Poll };
        BlobBatchJob job = Assert.Single(await new RunStarter(settings, stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        BlobBatchJob done = Assert.Single((await new RunWaiter(stack.Hooks).WaitAsync(new[] { job }, Poll, null, null, CancellationToken.None)).Jobs);
        Assert.InRange(done.FailedRequests, 1, 19);

        IReadOnlyList<BlobBatchJob> retry = await new RunStarter(settings, stack.Hooks).RetryFailedAsync(stack.Context, stack.Folder, CancellationToken.None);

        BlobBatchJob attempt = Assert.Single(retry);
        Assert.Equal(1, attempt.Attempt);
        Assert.Equal(job.RunId, attempt.RunId);
        BlobBatchJob retried = Assert.Single((await new RunWaiter(stack.Hooks).WaitAsync(retry, Poll, null, null, CancellationToken.None)).Jobs);
        Assert.Equal(done.FailedRequests, retried.TotalRequests);
    }

    [Fact]
    public async Task RequestsThatKeepFailingAreResubmittedEveryAttemptUntilMaxAttempts()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o => o.Faults.RequestFailureRate = 0.3);
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(20));
        var settings = new StartSettings { StatePath = stack.PathOf("run.json"), PollInterval = Poll, MaxAttempts = 3 };
        BlobBatchJob first = Assert.Single(await new RunStarter(settings, stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        int failing = Assert.Single((await new RunWaiter(stack.Hooks).WaitAsync(new[] { first }, Poll, null, null, CancellationToken.None)).Jobs).FailedRequests;
        Assert.InRange(failing, 1, 19);

        // The emulator fails the same ids every time: attempts 1 and 2 carry exactly them, each a part of its own.
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            BlobBatchJob retry = Assert.Single(await new RunStarter(settings, stack.Hooks).RetryFailedAsync(stack.Context, stack.Folder, CancellationToken.None));
            Assert.Equal(attempt, retry.Attempt);
            BlobBatchJob done = Assert.Single((await new RunWaiter(stack.Hooks).WaitAsync(new[] { retry }, Poll, null, null, CancellationToken.None)).Jobs);
            Assert.Equal(failing, done.TotalRequests);
            Assert.Equal(failing, done.FailedRequests);
        }

        var exhausted = await Assert.ThrowsAsync<BlobBatchException>(() => new RunStarter(settings, stack.Hooks).RetryFailedAsync(stack.Context, stack.Folder, CancellationToken.None));
        Assert.Equal("RetriesExhausted", exhausted.ErrorId);
        Assert.Contains($"{failing} request(s)", exhausted.Message);

        // Any one job stands for the run: the first part alone saves all three attempts, reconciled.
        SaveOutcome? saved = await new ResultJoiner(stack.Hooks).SaveAsync(new[] { first }, new SaveSettings(stack.PathOf("all")), null, CancellationToken.None);
        Assert.True(saved!.Summary.Reconciled);
        Assert.Equal(20 - failing, saved.Summary.Succeeded);
        Assert.Equal(failing, saved.Summary.Failed);
        Assert.Equal(3, saved.Summary.BatchIds.Count);
        Assert.NotNull(RunManifestStore.TryReadLocal(stack.PathOf("run.json"))!.DoneAt);
    }

    [Fact]
    public async Task SaveJudgesAStaleSnapshotByWhatTheServiceSaysNow()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(4));
        BlobBatchJob snapshot = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        Assert.False(snapshot.IsTerminal);
        await stack.Emulator.FinishAsync(snapshot.Id);

        SaveOutcome? saved = await new ResultJoiner(stack.Hooks).SaveAsync(new[] { snapshot }, new SaveSettings(stack.PathOf("out")), null, CancellationToken.None);

        Assert.Equal(4, saved!.Summary.Succeeded);
        var again = await Assert.ThrowsAsync<BlobBatchException>(() =>
            new ResultJoiner(stack.Hooks).SaveAsync(new[] { snapshot }, new SaveSettings(stack.PathOf("out")), null, CancellationToken.None));
        Assert.Equal("OutputFileExists", again.ErrorId);
    }

    [Fact]
    public async Task AWaitThatTimesOutSaysHowToWaitAgainAndACancelKeepsTheBatch()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o => o.Pacing.ValidatingSeconds = 30);
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(2));
        BlobBatchJob job = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));

        WaitOutcome outcome = await new RunWaiter(stack.Hooks).WaitAsync(new[] { job }, Poll, TimeSpan.FromMilliseconds(500), null, CancellationToken.None);

        Assert.True(outcome.TimedOut);
        Assert.Equal($"Wait-BlobBatch -RunId {job.RunId}", RunWaiter.ResumeCommand(outcome.Jobs, null));
        Assert.Equal("Wait-BlobBatch -StatePath '/tmp/it''s/run.json'", RunWaiter.ResumeCommand(outcome.Jobs, "/tmp/it's/run.json"));
        BlobBatchJob? cancelled = await new BatchCanceller(stack.Hooks).CancelAsync(job, CancellationToken.None);
        Assert.Equal("cancelling", cancelled!.Status);
        BlobBatchJob final = Assert.Single(await new BatchCanceller(stack.Hooks).WaitCancelledAsync(new[] { cancelled }, Poll, CancellationToken.None));
        Assert.Equal("cancelled", final.Status);
    }

    [Fact]
    public async Task CancellingABatchThatHasEndedWarnsInsteadOfFailingEvenFromAStaleSnapshot()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(2));
        BlobBatchJob snapshot = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        BlobBatchJob done = Assert.Single((await new RunWaiter(stack.Hooks).WaitAsync(new[] { snapshot }, Poll, null, null, CancellationToken.None)).Jobs);
        var canceller = new BatchCanceller(stack.Hooks);

        Assert.Null(await canceller.CancelAsync(done, CancellationToken.None));
        Assert.Null(await canceller.CancelAsync(snapshot, CancellationToken.None));

        Assert.Equal(2, stack.Warnings.Count(w => w == $"Batch {done.Id} has already ended (completed); nothing to cancel."));
    }

    [Fact]
    public async Task AWaitWarnsWhenABatchFailsWithTheServiceCodes()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(2, deployment: "no-such-deployment"));
        BlobBatchJob job = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));

        WaitOutcome outcome = await new RunWaiter(stack.Hooks).WaitAsync(new[] { job }, Poll, null, null, CancellationToken.None);

        Assert.Equal("failed", Assert.Single(outcome.Jobs).Status);
        Assert.Contains(stack.Warnings, w => w.StartsWith($"Batch {job.Id} (part 1/1) failed: model_not_found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LookupNamesTheRunPartAndAttemptOfABatchFromItsOutputPathAndManifest()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(2));
        BlobBatchJob job = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        await new RunWaiter(stack.Hooks).WaitAsync(new[] { job }, Poll, null, null, CancellationToken.None);
        var found = new List<BlobBatchJob>();

        await BatchLookup.ListAsync(stack.Context, null, null, found.Add, CancellationToken.None);

        BlobBatchJob listed = Assert.Single(found);
        Assert.Equal((job.RunId, 1, 1, 0, job.RowMapPath), (listed.RunId, listed.PartNumber, listed.PartCount, listed.Attempt, listed.RowMapPath));
        var origins = new RunOrigins(stack.Context, _ => { });
        Assert.Null(origins.RunIdIn($"{stack.Context.OutputContainerUri}/manifest.json", stack.Context.OutputContainer));
        Assert.Null(origins.RunIdIn($"https://elsewhere.blob.core.windows.net/{stack.Context.OutputContainer}/{job.RunId}/x/results.jsonl", stack.Context.OutputContainer));
    }

    [Fact]
    public async Task LookupFindsBatchesByIdAndReportsUnknownIdsWithoutStopping()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        BatchInputFile file = Assert.Single(await stack.BuildInputAsync(2));
        BlobBatchJob job = Assert.Single(await new RunStarter(new StartSettings(), stack.Hooks).StartAsync(file, stack.Context, 0, CancellationToken.None));
        var found = new List<BlobBatchJob>();
        var missing = new List<BlobBatchException>();

        await BatchLookup.GetAsync(stack.Context, new[] { "batch_00000000000000000000000000000000", job.Id }, found.Add, missing.Add, CancellationToken.None);

        Assert.Equal(job.Id, Assert.Single(found).Id);
        Assert.Equal("BatchNotFound", Assert.Single(missing).ErrorId);
    }
}
