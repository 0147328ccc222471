using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Starts a run: each input part uploaded under a never-reused name (unless it already is) and one
/// blob-mode batch created for it on one of the run's targets (<see cref="PartScheduler"/>), in waves
/// under each target's enqueued-token quota, every step recorded in the run manifest first. Starting
/// the same part of a run again adopts its batch instead of making a second one. One instance serves
/// one invocation (one run).
/// </summary>
public sealed class RunStarter
{
    private readonly StartSettings _settings;
    private readonly WorkflowHooks _hooks;
    private readonly PartScheduler _scheduler;
    private RunRecorder? _run;

    public RunStarter(StartSettings settings, WorkflowHooks hooks)
    {
        _settings = settings;
        _hooks = hooks;
        _scheduler = new PartScheduler(settings, hooks);
    }

    /// <summary>Existing JSONL files (full paths) as input parts: validated first (with progress, cancellable), split beside the source when over a limit.</summary>
    public IReadOnlyList<BatchInputFile> PrepareFiles(IReadOnlyList<string> paths, BlobBatchContext context, CancellationToken cancellationToken)
    {
        var files = new List<BatchInputFile>();
        foreach (BatchInputResult result in JsonlValidation.Prepare(paths, null, new SplitLimits(), TokenCounter.ForModel(null), force: false, _hooks.Progress, cancellationToken))
        {
            files.AddRange(result.Parts.Select(part => new BatchInputFile(part, result.Deployment, result.Endpoint, null, context)));
        }

        return files;
    }

    /// <summary>Starts one part on <paramref name="context"/> and the part's own deployment.</summary>
    public Task<IReadOnlyList<BlobBatchJob>> StartAsync(BatchInputFile file, BlobBatchContext context, int attempt, CancellationToken cancellationToken) =>
        StartAsync(file, new[] { new RunTarget(context) }, context, attempt, cancellationToken);

    /// <summary>
    /// Starts one part on one of <paramref name="targets"/> (added to the run's targets; the first ever
    /// given holds the run): its batch, or the batches of the parts it was split into because it could
    /// never fit a deployment's token queue, with any first batches of other targets that have since
    /// passed validation. Empty when the confirm hook declined, or while the batch is a target's first
    /// and still validating (<see cref="FinishAsync"/> gives it).
    /// </summary>
    /// <param name="fallback">The context of a target that names none (the session's).</param>
    public async Task<IReadOnlyList<BlobBatchJob>> StartAsync(
        BatchInputFile file, IReadOnlyList<RunTarget> targets, BlobBatchContext fallback, int attempt, CancellationToken cancellationToken)
    {
        _scheduler.Add(targets, fallback);
        var jobs = new List<BlobBatchJob>(await StartPartAsync(file, attempt, cancellationToken).ConfigureAwait(false));
        jobs.AddRange(await TakeProbationResultsAsync(cancellationToken).ConfigureAwait(false));
        return jobs;
    }

    /// <summary>
    /// Waits for every target's first batch to leave validation, and sends the part of any that failed
    /// because its target cannot run batches to another target; returns the batches held until now.
    /// </summary>
    public async Task<IReadOnlyList<BlobBatchJob>> FinishAsync(CancellationToken cancellationToken)
    {
        var jobs = new List<BlobBatchJob>(await TakeProbationResultsAsync(cancellationToken).ConfigureAwait(false));
        while (_scheduler.HasProbations)
        {
            await _scheduler.WaitForProbationsAsync(cancellationToken).ConfigureAwait(false);
            jobs.AddRange(await TakeProbationResultsAsync(cancellationToken).ConfigureAwait(false));
        }

        _scheduler.Complete();
        return jobs;
    }

    private async Task<IReadOnlyList<BlobBatchJob>> TakeProbationResultsAsync(CancellationToken cancellationToken)
    {
        (IReadOnlyList<BlobBatchJob> released, IReadOnlyList<Probation> failed) = _scheduler.TakeProbationResults();
        var jobs = new List<BlobBatchJob>(released);
        foreach (Probation probation in failed)
        {
            // The part's batch failed for its target, not for its lines: the same lines go elsewhere as a new part.
            probation.Part.Status = probation.Job.Status;
            probation.Part.SupersededWhy = $"{probation.Job.Context.Endpoint.Authority}/{probation.Part.Deployment} was set aside: {TargetRefusals.FromValidation(probation.Job)}";
            await _run!.SaveAsync(cancellationToken).ConfigureAwait(false);
            _hooks.Log($"Sending part {probation.File.PartNumber}/{probation.File.PartCount} to another target: batch {probation.Job.Id} failed for its target.");
            jobs.AddRange(await StartPartAsync(probation.File, probation.Attempt, cancellationToken).ConfigureAwait(false));
        }

        return jobs;
    }

    private async Task<IReadOnlyList<BlobBatchJob>> StartPartAsync(BatchInputFile file, int attempt, CancellationToken cancellationToken)
    {
        RunRecorder run = _run ??= await RunRecorder.OpenAsync(_scheduler.RunContext, _settings.StatePath, _settings.RunId ?? file.RunId, cancellationToken).ConfigureAwait(false);
        _scheduler.ProveFrom(run.Manifest);
        RunPart? recorded = run.Manifest.FindPart(file.Sha256, attempt);
        if (recorded?.BatchId is string existing)
        {
            return new[] { await AdoptRecordedAsync(recorded, existing, cancellationToken).ConfigureAwait(false) };
        }

        if (recorded?.QuotaSplitTokens is long splitAt)
        {
            return await SplitForQuotaAsync(file, recorded, splitAt, attempt, cancellationToken).ConfigureAwait(false);
        }

        string what = $"Part {file.PartNumber}/{file.PartCount}";
        string action = (recorded is null && file.BlobUri is null ? $"Upload {file.Path} and start a batch of {file.RequestCount} requests" : $"Start a batch of {file.RequestCount} requests")
            + $" ({InputEstimate.Describe(file.EstimatedTokens, _settings.Price)})";
        if (!await _hooks.Confirm(recorded?.InputBlob ?? file.BlobUri?.AbsoluteUri ?? file.Path, action).ConfigureAwait(false))
        {
            return Array.Empty<BlobBatchJob>();
        }

        if (recorded is not null && await AdoptEarlierCreateAsync(recorded, cancellationToken).ConfigureAwait(false) is BlobBatchJob adopted)
        {
            return new[] { adopted };
        }

        await _scheduler.ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (_scheduler.CommonDeployment(file) is string everywhere)
        {
            // Every target takes the part's lines alike: upload while the part may still wait for room.
            recorded = await PartForAsync(file, everywhere, null, recorded, attempt, run, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            TargetLane lane = await _scheduler.AcquireAsync(file, what, cancellationToken).ConfigureAwait(false);
            RunPart part = await PartForAsync(file, lane.DeploymentFor(file), lane, recorded, attempt, run, cancellationToken).ConfigureAwait(false);
            recorded = part;
            BatchCreated? created;
            try
            {
                created = await lane.Gate.TryCreateAsync(
                    () => CreateAsync(file, lane, part, run, cancellationToken), file.EstimatedTokens, what, _hooks.Log).ConfigureAwait(false);
            }
            catch (BlobBatchException ex) when (ex.ErrorId == "PartExceedsQuota" && file.RequestCount > 1)
            {
                // Smaller than the limit, with room for the service counting a little differently; halved when the limit is only inferred.
                long limit = ex.Data[QuotaGate.LimitKey] as long? ?? file.EstimatedTokens - 1;
                long target = Math.Max(1, Math.Min(limit * 9 / 10, file.EstimatedTokens / 2));
                return await SplitForQuotaAsync(file, part, target, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobBatchException ex) when (_scheduler.Several && TargetRefusals.FromRefusal(ex) is string why)
            {
                part.SupersededWhy = $"{lane.Name} was set aside: {why}";
                await run.SaveAsync(cancellationToken).ConfigureAwait(false);
                _scheduler.SetAside(lane, why);
                continue;
            }

            if (created is null)
            {
                // The queue was full after all: the part waits for this target or another.
                continue;
            }

            return await StartedAsync(file, lane, part, created, attempt, run, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<BlobBatchJob>> StartedAsync(
        BatchInputFile file, TargetLane lane, RunPart part, BatchCreated created, int attempt, RunRecorder run, CancellationToken cancellationToken)
    {
        if (created.EnqueuedTokens is long enqueued && created.MaximumEnqueuedTokens is long maximum)
        {
            _hooks.Log($"Batch {created.State.Id} created on {lane.Name}; the deployment has {enqueued:N0} of {maximum:N0} tokens enqueued.");
        }

        part.BatchId = created.State.Id;
        part.Status = created.State.Status;
        await run.SaveAsync(cancellationToken).ConfigureAwait(false);
        var job = new BlobBatchJob(created.State, part.OriginIn(run.RunId), lane.Context);
        lane.Gate.Track(job);
        if (_scheduler.NeedsProbation(lane) && !job.IsTerminal)
        {
            _scheduler.StartProbation(lane, new Probation(job, part, file, attempt));
            return Array.Empty<BlobBatchJob>();
        }

        return new[] { job };
    }

    /// <summary>
    /// The recorded part to create for this deployment (on <paramref name="lane"/>, once one is chosen):
    /// the one already uploaded when its lines name the deployment, else a new part (a new blob, the
    /// lines rewritten) that takes its place.
    /// </summary>
    private async Task<RunPart> PartForAsync(BatchInputFile file, string deployment, TargetLane? lane, RunPart? recorded, int attempt, RunRecorder run, CancellationToken cancellationToken)
    {
        string? resource = lane?.Context.Endpoint.AbsoluteUri;
        if (recorded is not null && recorded.SupersededWhy is null && recorded.Deployment == deployment)
        {
            if (resource is not null)
            {
                // Saved with the create call's record, before the call goes out.
                recorded.ResourceEndpoint = resource;
            }

            return recorded;
        }

        BlobBatchContext storage = _scheduler.RunContext;
        int earlier = run.Manifest.Parts.Count(p => p.Attempt == attempt && p.Sha256 == file.Sha256);
        bool asItIs = deployment == file.Deployment;
        Uri inputBlob = earlier == 0 && asItIs && file.BlobUri is not null
            ? file.BlobUri
            : BlobLocations.InputBlob(storage, run.RunId, BlobNameFor(file.Path, earlier));
        string? uploadedSha = asItIs ? null : InputUploader.Sha256For(file.Path, deployment);
        if (inputBlob != file.BlobUri)
        {
            await UploadAsync(file, storage, inputBlob, uploadedSha, asItIs ? null : deployment, cancellationToken).ConfigureAwait(false);
        }

        RunPart part = NewPart(file, inputBlob, attempt, deployment, resource, uploadedSha, run.RunId);
        if (recorded is not null)
        {
            recorded.SupersededWhy ??= $"its lines name {recorded.Deployment}; {lane?.Name ?? "the target"} takes them as {deployment}";
        }

        foreach (RunPart replaced in run.Manifest.Parts.Where(p => p.Attempt == attempt && p.Sha256 == file.Sha256 && p.SupersededWhy is not null && p.SupersededBy is null))
        {
            replaced.SupersededBy = part.InputBlob;
        }

        // Recorded before the create call: a process that dies in between resumes at create, without a second upload.
        run.Manifest.Parts.Add(part);
        await run.SaveAsync(cancellationToken).ConfigureAwait(false);
        await KeepRowMapAsync(storage, run, part, cancellationToken).ConfigureAwait(false);
        return part;
    }

    /// <summary>The blob name of a part's n-th upload: its file's name first, then one marked as sent to another target.</summary>
    private static string BlobNameFor(string path, int earlier) =>
        earlier == 0 ? Path.GetFileName(path) : $"{Path.GetFileNameWithoutExtension(path)}.target{earlier + 1}{Path.GetExtension(path)}";

    private async Task<BlobBatchJob> AdoptRecordedAsync(RunPart recorded, string batchId, CancellationToken cancellationToken)
    {
        _hooks.Log($"Part {recorded.PartNumber}/{recorded.PartCount} already runs as batch {batchId} in run {_run!.RunId}; not starting it again.");
        BlobBatchContext context = ContextOf(recorded);
        BatchState state = await BatchServiceClient.For(context).GetAsync(batchId, cancellationToken).ConfigureAwait(false);
        var job = new BlobBatchJob(state, recorded.OriginIn(_run.RunId), context);
        _scheduler.LaneOf(recorded)?.Gate.Track(job);
        return job;
    }

    /// <summary>The context of the resource a recorded part went to; a resumed run is given its targets again.</summary>
    private BlobBatchContext ContextOf(RunPart part) =>
        _scheduler.LaneOf(part)?.Context
        ?? _scheduler.Lanes.FirstOrDefault(l => string.Equals(l.Context.Endpoint.AbsoluteUri, _run!.Manifest.ResourceOf(part), StringComparison.OrdinalIgnoreCase))?.Context
        ?? throw new BlobBatchException("RunContextMismatch", ErrorKind.InvalidOperation,
            $"Part {part.PartNumber}/{part.PartCount} of run {_run!.RunId} runs on {_run.Manifest.ResourceOf(part)}, which is not among the targets given; pass its context too (-Context).",
            _run.RunId);

    /// <summary>
    /// Splits a part that can never fit the token queue into parts that do: new files and blob names,
    /// the same lines, ids and row map; the split is recorded on the part first, so a resumed run
    /// splits the same way and finds the new parts' batches.
    /// </summary>
    private async Task<IReadOnlyList<BlobBatchJob>> SplitForQuotaAsync(BatchInputFile file, RunPart part, long maxTokens, int attempt, CancellationToken cancellationToken)
    {
        part.QuotaSplitTokens = maxTokens;
        await _run!.SaveAsync(cancellationToken).ConfigureAwait(false);
        string folder = Path.GetDirectoryName(Path.GetFullPath(file.Path))!;
        string target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file.Path)}.quota{maxTokens}.jsonl");
        IReadOnlyList<BatchInputPart> parts = JsonlInputFile.SplitByTokens(file.Path, target, maxTokens, TokenCounter.ForModel(null));
        _hooks.Log($"Part {file.PartNumber}/{file.PartCount} ({file.EstimatedTokens:N0} tokens) can never fit the deployment's token queue; split into {parts.Count} parts of at most {maxTokens:N0} tokens.");
        var jobs = new List<BlobBatchJob>();
        foreach (BatchInputPart smaller in parts)
        {
            jobs.AddRange(await StartPartAsync(new BatchInputFile(smaller, file.Deployment, file.Endpoint, file.RowMapPath, file.Context), attempt, cancellationToken).ConfigureAwait(false));
        }

        return jobs;
    }

    /// <summary>The side map goes beside the results once per run, so results can be joined to the rows on any machine.</summary>
    private async Task KeepRowMapAsync(BlobBatchContext context, RunRecorder run, RunPart part, CancellationToken cancellationToken)
    {
        if (part.RowMapBlob is not null || part.RowMapPath is null || !File.Exists(part.RowMapPath))
        {
            return;
        }

        string name = RunFiles.RowMapName(run.RunId, part.RowMapPath);
        if (!run.Manifest.Parts.Any(p => p.RowMapBlob == name))
        {
            _hooks.Log($"Keeping the side map {part.RowMapPath} beside the run's results ({name}).");
            await RunFiles.UploadAsync(context, name, part.RowMapPath, overwrite: false, cancellationToken).ConfigureAwait(false);
        }

        part.RowMapBlob = name;
        await run.SaveAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<BatchCreated> CreateAsync(BatchInputFile file, TargetLane lane, RunPart part, RunRecorder run, CancellationToken cancellationToken)
    {
        var inputBlob = new Uri(part.InputBlob);
        Uri outputFolder = BlobLocations.OutputFolderOf(_scheduler.RunContext, run.RunId, part.OutputFolder);
        _hooks.Log($"Creating a batch on {lane.Name} for {inputBlob} with output in {outputFolder}.");
        BinaryData body = BatchCreateBody.ForBlob(inputBlob, outputFolder, EndpointUrls.ForBatch(file.Endpoint));
        return new SingleBatchCreate(lane.Client, _hooks).CreateAsync(body, inputBlob, part, () => run.SaveAsync(cancellationToken), cancellationToken);
    }

    /// <summary>A part whose create was sent by an earlier process that died before it saw the answer may own a batch: adopt it.</summary>
    private async Task<BlobBatchJob?> AdoptEarlierCreateAsync(RunPart part, CancellationToken cancellationToken)
    {
        if (part.CreateAttempts.Count == 0)
        {
            return null;
        }

        BlobBatchContext context = ContextOf(part);
        var inputBlob = new Uri(part.InputBlob);
        if (await new SingleBatchCreate(BatchServiceClient.For(context), _hooks).FindAsync(inputBlob, cancellationToken).ConfigureAwait(false) is not BatchState existing)
        {
            return null;
        }

        _hooks.Log($"Batch {existing.Id} already reads {inputBlob} (created by an earlier start whose answer was lost); adopting it.");
        part.CreateAttempts.Add(new CreateAttempt { Outcome = "adopted " + existing.Id });
        part.BatchId = existing.Id;
        part.Status = existing.Status;
        await _run!.SaveAsync(cancellationToken).ConfigureAwait(false);
        var job = new BlobBatchJob(existing, part.OriginIn(_run.RunId), context);
        _scheduler.LaneOf(part)?.Gate.Track(job);
        return job;
    }

    /// <summary>
    /// Resubmits, as new parts of the same run, exactly the requests whose latest outcome is a failure;
    /// they may go to any of <paramref name="targets"/>. <paramref name="folder"/> is where the retry's input files are written.
    /// </summary>
    public async Task<IReadOnlyList<BlobBatchJob>> RetryFailedAsync(IReadOnlyList<RunTarget> targets, BlobBatchContext fallback, string folder, CancellationToken cancellationToken)
    {
        if (_settings.StatePath is null && _settings.RunId is null)
        {
            throw new BlobBatchException("RunNotSpecified", ErrorKind.InvalidArgument, "-RetryFailed needs the run: pass -StatePath or -RunId.");
        }

        BlobBatchContext[] contexts = targets.Select(t => t.Context ?? fallback).Distinct().ToArray();
        IReadOnlyList<BlobBatchJob> jobs = await RunLoader.LoadJobsAsync(contexts, _settings.StatePath, _settings.RunId, cancellationToken).ConfigureAwait(false);
        BatchInputResult? retry = await RetryPlanner.BuildAsync(jobs, folder, cancellationToken).ConfigureAwait(false);
        if (retry is null)
        {
            _hooks.Log("Every request of the run succeeded; nothing to resubmit.");
            return Array.Empty<BlobBatchJob>();
        }

        int attempt = jobs.Max(j => j.Attempt) + 1;
        int failing = retry.Parts.Sum(p => p.RequestCount);
        if (attempt >= _settings.MaxAttempts)
        {
            foreach (BatchInputPart part in retry.Parts)
            {
                IO.OutputPaths.DeleteQuietly(part.Path);
            }

            await RunStatus.RecordAsync(jobs, _settings.StatePath, $"{failing} request(s) still failed after {attempt} attempt(s)", cancellationToken).ConfigureAwait(false);

            throw new BlobBatchException("RetriesExhausted", ErrorKind.InvalidOperation,
                $"{failing} request(s) of run {jobs[0].RunId} still have no answer after {attempt} attempt(s), the most -MaxAttempts ({_settings.MaxAttempts}) allows; they are not resubmitted. " +
                "Save-BatchResult saves the run with them as failed (failedIds in summary.json).",
                jobs[0].RunId);
        }

        _hooks.Log($"Resubmitting {failing} request(s) as attempt {attempt}.");
        var started = new List<BlobBatchJob>();
        foreach (BatchInputPart part in retry.Parts)
        {
            var file = new BatchInputFile(part, retry.Deployment, retry.Endpoint, retry.RowMapPath, fallback);
            started.AddRange(await StartAsync(file, targets, fallback, attempt, cancellationToken).ConfigureAwait(false));
        }

        return started;
    }

    /// <summary>Resubmits on <paramref name="context"/> alone.</summary>
    public Task<IReadOnlyList<BlobBatchJob>> RetryFailedAsync(BlobBatchContext context, string folder, CancellationToken cancellationToken) =>
        RetryFailedAsync(new[] { new RunTarget(context) }, context, folder, cancellationToken);

    private async Task UploadAsync(BatchInputFile file, BlobBatchContext context, Uri inputBlob, string? uploadedSha, string? deployment, CancellationToken cancellationToken)
    {
        _hooks.Log($"Uploading part {file.PartNumber}/{file.PartCount} ({file.Bytes:N0} bytes) to {inputBlob}{(deployment is null ? string.Empty : $", its lines naming deployment {deployment}")}.");
        var throttle = new ThrottledProgress(_hooks.Progress);
        string activity = $"Uploading part {file.PartNumber}/{file.PartCount}";
        var bytes = new SynchronousProgress<long>(sent => throttle.Report(() =>
            new WorkProgress(ProgressActivities.Uploading, activity, $"{sent:N0} of {file.Bytes:N0} bytes", WorkProgress.PercentOf(sent, file.Bytes))));
        await InputUploader.UploadAsync(context, file.Path, inputBlob, uploadedSha ?? file.Sha256, bytes, cancellationToken, deployment).ConfigureAwait(false);
        throttle.Complete(ProgressActivities.Uploading, activity);
    }

    private static RunPart NewPart(BatchInputFile file, Uri inputBlob, int attempt, string deployment, string? resource, string? uploadedSha, string runId) => new()
    {
        OutputFolder = BlobLocations.PartOutputFolderName(runId, inputBlob),
        PartNumber = file.PartNumber,
        PartCount = file.PartCount,
        InputPath = file.Path,
        InputBlob = inputBlob.AbsoluteUri,
        Sha256 = file.Sha256,
        UploadedSha256 = uploadedSha,
        RequestCount = file.RequestCount,
        EstimatedTokens = file.EstimatedTokens,
        Deployment = deployment,
        ResourceEndpoint = resource,
        Endpoint = EndpointUrls.For(file.Endpoint),
        RowMapPath = file.RowMapPath,
        Attempt = attempt,
    };
}
