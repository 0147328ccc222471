using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Infrastructure;

/// <summary>
/// Runs a cmdlet's work on the thread pool while every Write* and ShouldProcess happens on the
/// pipeline thread, as PowerShell requires. Work posts actions to a queue that the pipeline thread
/// drains; Ctrl+C cancels <see cref="CancelToken"/>.
/// </summary>
public abstract class AsyncPSCmdlet : PSCmdlet, IDisposable
{
    // The cmdlet whose work is running on this async flow: lets code deep in a call (an Az credential)
    // reach its pipeline thread without being handed the cmdlet.
    private static readonly AsyncLocal<AsyncPSCmdlet?> RunningCmdlet = new();

    private readonly CancellationTokenSource _cancellation = new();
    private BlockingCollection<Action>? _pipelineQueue;
    private int _pipelineThreadId = -1;

    /// <summary>The BlobBatch cmdlet whose work runs on the calling async flow, if any.</summary>
    internal static AsyncPSCmdlet? Running => RunningCmdlet.Value;

    protected CancellationToken CancelToken => _cancellation.Token;

    protected virtual Task BeginProcessingAsync() => Task.CompletedTask;

    protected virtual Task ProcessRecordAsync() => Task.CompletedTask;

    protected virtual Task EndProcessingAsync() => Task.CompletedTask;

    protected override void BeginProcessing() => RunOnPool(BeginProcessingAsync);

    protected override void ProcessRecord() => RunOnPool(ProcessRecordAsync);

    protected override void EndProcessing() => RunOnPool(EndProcessingAsync);

    protected override void StopProcessing() => _cancellation.Cancel();

    protected void Emit(object? value)
    {
        RememberForCompletion(value);
        OnPipeline(() => WriteObject(value));
    }

    protected void EmitError(ErrorRecord record) => OnPipeline(() => WriteError(record));

    protected void EmitWarning(string message) => OnPipeline(() => WriteWarning(message));

    protected void EmitVerbose(string message) => OnPipeline(() => WriteVerbose(message));

    protected void EmitDebug(string message) => OnPipeline(() => WriteDebug(message));

    protected void EmitProgress(ProgressRecord record) => OnPipeline(() => WriteProgress(record));

    protected void EmitInformation(object data, string tag) => OnPipeline(() => WriteInformation(data, new[] { tag }));

    /// <summary>A workflow's hooks, answered by this cmdlet: ShouldProcess, Verbose, Warning and Progress, each on the pipeline thread.</summary>
    protected WorkflowHooks Hooks()
    {
        _pipelineThreadId = Environment.CurrentManagedThreadId;
        return new WorkflowHooks
        {
            // The last guard: what a workflow says is shown without any URL query or recognisable secret.
            Confirm = (target, action) => ConfirmAsync(Redaction.Text(target), action),
            Log = message => EmitVerbose(Redaction.Text(message)),
            Warn = message => EmitWarning(Redaction.Text(message)),
            Progress = new SynchronousProgress<WorkProgress>(report => EmitProgress(ToRecord(report))),
        };
    }

    private static ProgressRecord ToRecord(WorkProgress report) => new(report.ActivityId, report.Activity, report.Status)
    {
        PercentComplete = report.Percent,
        ParentActivityId = report.ParentActivityId,
        RecordType = report.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
    };

    /// <summary>ShouldProcess, asked on the pipeline thread and awaited by the worker.</summary>
    protected Task<bool> ConfirmAsync(string target, string action) => InvokeOnPipelineAsync(() => ShouldProcess(target, action));

    /// <summary>Runs <paramref name="call"/> on the pipeline thread (where session state and commands may be used) and awaits its result.</summary>
    internal Task<T> InvokeOnPipelineAsync<T>(Func<T> call)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        OnPipeline(() =>
        {
            try
            {
                answer.SetResult(call());
            }
            catch (Exception ex)
            {
                answer.SetException(ex);
            }
        });
        return answer.Task;
    }

    public void Dispose()
    {
        DisposeResources();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    // What the user has seen is what tab completion offers next.
    private static void RememberForCompletion(object? value)
    {
        switch (value)
        {
            case BlobBatch.Core.Jobs.BlobBatchJob job:
                Completion.RecentNames.Batch(job.Id);
                Completion.RecentNames.Deployment(job.Deployment);
                Completion.RecentNames.Run(job.RunId);
                break;
            case BlobBatch.Core.Input.BatchInputFile file:
                Completion.RecentNames.Deployment(file.Deployment);
                break;
        }
    }

    /// <summary>Runs when the pipeline ends, also after a failure or Ctrl+C.</summary>
    protected virtual void DisposeResources()
    {
    }

    private void OnPipeline(Action action)
    {
        BlockingCollection<Action>? queue = _pipelineQueue;
        if (queue is null)
        {
            // Work that runs on the pipeline thread itself (a row added in ProcessRecord) writes directly.
            if (Environment.CurrentManagedThreadId == _pipelineThreadId)
            {
                action();
                return;
            }

            throw new InvalidOperationException("Pipeline output is only possible while the cmdlet is processing.");
        }

        queue.Add(action);
    }

    /// <summary>Runs <paramref name="work"/> off the pipeline thread, draining its output here; rethrows its failure as an ErrorRecord.</summary>
    protected void RunOnPool(Func<Task> work)
    {
        using var queue = new BlockingCollection<Action>();
        _pipelineQueue = queue;
        _pipelineThreadId = Environment.CurrentManagedThreadId;
        RunningCmdlet.Value = this;
        Task task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        foreach (Action action in queue.GetConsumingEnumerable())
        {
            action();
        }

        _pipelineQueue = null;
        RunningCmdlet.Value = null;
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (BlobBatchException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }
}
