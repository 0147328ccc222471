using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Waits for all given batches together until each is completed, failed, expired or cancelled.</summary>
[Cmdlet(VerbsLifecycle.Wait, "BlobBatch", DefaultParameterSetName = JobSet)]
[OutputType(typeof(BlobBatchJob))]
public sealed class WaitBlobBatchCommand : AsyncPSCmdlet
{
    private const string JobSet = "Job";
    private const string IdSet = "Id";
    private const string StateSet = "State";
    private const string RunSet = "Run";
    private static readonly int ActivityId = typeof(WaitBlobBatchCommand).GetHashCode() & 0x7fff;

    private readonly List<BlobBatchJob> _jobs = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    public BlobBatchJob[] Job { get; set; } = Array.Empty<BlobBatchJob>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = StateSet)]
    [Parameter(ParameterSetName = RunSet)]
    public BlobBatchContext? Context { get; set; }

    /// <summary>Resume a run from the manifest Start-BlobBatch -StatePath wrote.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StateSet)]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>Resume a run from the manifest in the output container.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RunSet)]
    [ValidateNotNullOrEmpty]
    public string? RunId { get; set; }


    /// <summary>Seconds between status checks; the service asks for at least 60. Lower values suit the local emulator.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 60;

    /// <summary>Seconds to wait at most, as Wait-Job has it; -1 waits without limit.</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    protected override Task ProcessRecordAsync()
    {
        if (ParameterSetName == JobSet)
        {
            _jobs.AddRange(Job);
        }
        else if (ParameterSetName != IdSet)
        {
            return AddRunAsync();
        }
        else
        {
            BlobBatchContext context = ContextResolver.Resolve(Context);
            foreach (string id in Id)
            {
                _jobs.Add(new BlobBatchJob(new BatchState { Id = id, Status = BatchStatus.Validating }, JobOrigin.Unknown, context));
            }
        }

        return Task.CompletedTask;
    }

    private async Task AddRunAsync() => _jobs.AddRange(await RunSource.JobsAsync(this, Context, StatePath, RunId, CancelToken).ConfigureAwait(false));

    protected override async Task EndProcessingAsync()
    {
        if (_jobs.Count == 0)
        {
            return;
        }

        EmitVerbose($"Waiting for {_jobs.Count} batch(es), checking every {PollIntervalSeconds} s.");
        var progress = new SynchronousProgress<WaitProgress>(ReportProgress);
        TimeSpan? timeout = Timeout < 0 ? null : TimeSpan.FromSeconds(Timeout);
        string? statePath = StatePath is null ? null : GetUnresolvedProviderPathFromPSPath(StatePath);
        var resubmitter = new QuotaResubmitter(BatchServiceClient.For, statePath, EmitVerbose);
        WaitOutcome outcome = await new BatchWaiter(BatchServiceClient.For, resubmitter)
            .WaitAsync(_jobs, TimeSpan.FromSeconds(PollIntervalSeconds), timeout, progress, CancelToken).ConfigureAwait(false);
        EmitProgress(new ProgressRecord(ActivityId, "Waiting for batches", "Done") { RecordType = ProgressRecordType.Completed });

        if (outcome.TimedOut)
        {
            var ex = new BlobBatchException("WaitTimedOut", ErrorKind.Timeout,
                $"{Timeout} s passed before every batch finished ({BatchWaiter.Describe(outcome.Jobs).StatusLine}). The batches keep running; wait again or save what is done.");
            EmitError(ErrorRecords.From(ex));
        }

        foreach (BlobBatchJob job in outcome.Jobs)
        {
            Emit(job);
        }
    }

    private void ReportProgress(WaitProgress state)
    {
        string description = $"{state.FinishedJobs}/{state.Jobs} batches finished ({state.StatusLine}); requests {state.CompletedRequests} completed, {state.FailedRequests} failed of {state.TotalRequests}";
        EmitProgress(new ProgressRecord(ActivityId, "Waiting for batches", description) { PercentComplete = Math.Min(100, state.PercentComplete) });
        EmitVerbose(description);
    }
}
