using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Jobs;

/// <summary>
/// Wait-BlobBatch -AsJob: a PowerShell job (Get-Job, Receive-Job, Wait-Job, Stop-Job) that waits on a
/// thread of this process, so it needs no module import, no second process and no ThreadJob module.
/// Its output is the finished BlobBatchJob objects; verbose, warnings, errors and progress go to the
/// job's streams. Stop-Job stops the waiting, never the batches.
/// </summary>
internal sealed class BlobBatchWaitJob : Job
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _location;
    private Task? _work;
    private string _status = "Waiting";

    public BlobBatchWaitJob(string command, string location)
        : base(command, "BlobBatchWait")
    {
        PSJobTypeName = nameof(BlobBatchWaitJob);
        _location = location;
    }

    public override string StatusMessage => _status;

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0;

    public override string Location => _location;

    /// <summary>Runs <paramref name="wait"/> on the thread pool with hooks that write to this job's streams.</summary>
    public void Start(Func<WorkflowHooks, Action<object>, Action<ErrorRecord>, CancellationToken, Task> wait)
    {
        SetJobState(JobState.Running);
        var hooks = new WorkflowHooks
        {
            Log = message => Verbose.Add(new VerboseRecord(message)),
            Warn = message => Warning.Add(new WarningRecord(message)),
            Progress = new SynchronousProgress<WorkProgress>(Report),
        };
        _work = Task.Run(async () =>
        {
            try
            {
                await wait(hooks, item => Output.Add(PSObject.AsPSObject(item)), Error.Add, _stop.Token).ConfigureAwait(false);
                SetJobState(JobState.Completed);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                SetJobState(JobState.Stopped);
            }
            catch (Exception ex)
            {
                Error.Add(ex is Core.Errors.BlobBatchException known
                    ? Infrastructure.ErrorRecords.From(known)
                    : new ErrorRecord(ex, "WaitJobFailed", ErrorCategory.NotSpecified, null));
                SetJobState(JobState.Failed);
            }
        });
    }

    public override void StopJob()
    {
        _stop.Cancel();

        // A wait notices within a second; Stop-Job then finds the job stopped.
        _work?.Wait(TimeSpan.FromSeconds(10));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Report(WorkProgress report)
    {
        _status = report.Status;
        Progress.Add(new ProgressRecord(report.ActivityId, report.Activity, report.Status) { PercentComplete = report.Percent });
    }
}
