using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Workflows;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Cancels batches. Finished work is kept and can still be saved.</summary>
[Cmdlet(VerbsLifecycle.Stop, "BlobBatch", DefaultParameterSetName = JobSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BlobBatchJob))]
public sealed class StopBlobBatchCommand : AsyncPSCmdlet
{
    private const string JobSet = "Job";
    private const string IdSet = "Id";

    private readonly List<BlobBatchJob> _cancelled = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    public BlobBatchJob[] Job { get; set; } = Array.Empty<BlobBatchJob>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = IdSet)]
    public BlobBatchContext? Context { get; set; }

    /// <summary>Wait until the batches are cancelled (the service may take up to 10 minutes).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSeconds { get; set; } = 60;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var canceller = new BatchCanceller(Hooks());
        IEnumerable<BlobBatchJob> targets = ParameterSetName == JobSet ? Job : BatchLookup.Unread(ContextResolver.Resolve(Context), Id, BatchStatus.InProgress);
        foreach (BlobBatchJob job in targets)
        {
            try
            {
                if (await canceller.CancelAsync(job, CancelToken).ConfigureAwait(false) is BlobBatchJob cancelled)
                {
                    _cancelled.Add(cancelled);
                }
            }
            catch (BlobBatchException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidOperation)
            {
                // An unknown or already finished batch is that item's failure, not the command's.
                EmitError(ErrorRecords.From(ex));
            }
        }
    }

    protected override async Task EndProcessingAsync()
    {
        IReadOnlyList<BlobBatchJob> jobs = _cancelled;
        if (Wait && jobs.Count > 0)
        {
            jobs = await new BatchCanceller(Hooks()).WaitCancelledAsync(jobs, TimeSpan.FromSeconds(PollIntervalSeconds), CancelToken).ConfigureAwait(false);
        }

        if (PassThru)
        {
            foreach (BlobBatchJob job in jobs)
            {
                Emit(job);
            }
        }
    }
}
