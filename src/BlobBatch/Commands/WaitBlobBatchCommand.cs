using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Workflows;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;
using BlobBatch.Jobs;

namespace BlobBatch.Commands;

/// <summary>Waits for all given batches together until each is completed, failed, expired or cancelled; -AsJob waits in a PowerShell job.</summary>
[Cmdlet(VerbsLifecycle.Wait, "BlobBatch", DefaultParameterSetName = JobSet)]
[OutputType(typeof(BlobBatchJob), typeof(Job))]
public sealed class WaitBlobBatchCommand : AsyncPSCmdlet
{
    private const string JobSet = "Job";
    private const string IdSet = "Id";
    private const string StateSet = "State";
    private const string RunSet = "Run";

    private readonly List<BlobBatchJob> _jobs = new();
    private string? _statePath;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    public BlobBatchJob[] Job { get; set; } = Array.Empty<BlobBatchJob>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = StateSet)]
    [Parameter(ParameterSetName = RunSet)]
    public BlobBatchContext[]? Context { get; set; }

    /// <summary>Resume a run from the manifest Start-BlobBatch -StatePath wrote.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StateSet)]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    /// <summary>Resume a run from the manifest in the output container.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RunSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RunIdCompleter))]
    public string? RunId { get; set; }


    /// <summary>Seconds between status checks; the service asks for at least 60. Lower values suit the local emulator.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 60;

    /// <summary>Seconds to wait at most, as Wait-Job has it; -1 waits without limit.</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    /// <summary>Waits in a PowerShell job of this process and returns the job at once; Receive-Job gives the finished batches.</summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void BeginProcessing()
    {
        _statePath = StatePath is null ? null : GetUnresolvedProviderPathFromPSPath(StatePath);
        base.BeginProcessing();
    }

    protected override async Task ProcessRecordAsync()
    {
        if (ParameterSetName == JobSet)
        {
            _jobs.AddRange(Job);
        }
        else if (ParameterSetName == IdSet)
        {
            _jobs.AddRange(BatchLookup.Unread(ContextResolver.ResolveAll(Context)[0], Id, BatchStatus.Validating));
        }
        else
        {
            _jobs.AddRange(await RunLoader.LoadJobsAsync(ContextResolver.ResolveAll(Context), _statePath, RunId, CancelToken).ConfigureAwait(false));
        }
    }

    protected override void EndProcessing()
    {
        if (!AsJob || _jobs.Count == 0)
        {
            base.EndProcessing();
            return;
        }

        // On the pipeline thread: the job repository is the session's.
        var job = new BlobBatchWaitJob(MyInvocation.Line, _jobs[0].Context.Endpoint.Host);
        BlobBatchJob[] jobs = _jobs.ToArray();
        job.Start((hooks, emit, error, cancel) => WaitAsync(jobs, hooks, emit, error, cancel));
        JobRepository.Add(job);
        WriteObject(job);
    }

    protected override Task EndProcessingAsync() =>
        _jobs.Count == 0 ? Task.CompletedTask : WaitAsync(_jobs, Hooks(), Emit, EmitError, CancelToken);

    private async Task WaitAsync(IReadOnlyList<BlobBatchJob> jobs, WorkflowHooks hooks, Action<object> emit, Action<ErrorRecord> error, CancellationToken cancel)
    {
        TimeSpan? timeout = Timeout < 0 ? null : TimeSpan.FromSeconds(Timeout);
        WaitOutcome outcome;
        try
        {
            outcome = await new RunWaiter(hooks).WaitAsync(jobs, TimeSpan.FromSeconds(PollIntervalSeconds), timeout, _statePath, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (AsJob && cancel.IsCancellationRequested)
        {
            hooks.Warn($"Stopped waiting; the batches keep running. Wait again with: {RunWaiter.ResumeCommand(jobs, _statePath)}");
            throw;
        }

        if (outcome.TimedOut)
        {
            error(ErrorRecords.From(new BlobBatchException("WaitTimedOut", ErrorKind.Timeout,
                $"{Timeout} s passed before every batch finished ({BatchWaiter.Describe(outcome.Jobs).StatusLine}). The batches keep running; " +
                $"wait again with: {RunWaiter.ResumeCommand(outcome.Jobs, _statePath)}")));
        }

        foreach (BlobBatchJob job in outcome.Jobs)
        {
            emit(job);
        }
    }

    /// <summary>Ctrl+C stops the waiting, not the batches: say so, and how to wait again (the pipeline no longer takes output).</summary>
    protected override void StopProcessing()
    {
        base.StopProcessing();
        try
        {
            BlobBatchJob[] jobs = _jobs.ToArray();
            if (jobs.Length > 0)
            {
                Host?.UI?.WriteWarningLine($"Stopped waiting; the batches keep running. Wait again with: {RunWaiter.ResumeCommand(jobs, _statePath)}");
            }
        }
        catch (InvalidOperationException)
        {
            // The list changed under us while jobs were still being read: the hint is a courtesy, not worth a failure.
        }
    }
}
