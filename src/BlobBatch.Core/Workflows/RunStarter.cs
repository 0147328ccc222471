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
/// blob-mode batch created for it, in waves under the enqueued-token quota, every step recorded in
/// the run manifest first. Starting the same part of a run again adopts its batch instead of making
/// a second one. One instance serves one invocation (one run).
/// </summary>
public sealed class RunStarter
{
    private readonly StartSettings _settings;
    private readonly WorkflowHooks _hooks;
    private readonly Dictionary<BlobBatchContext, (BatchServiceClient Client, QuotaGate Gate)> _clients = new();
    private RunRecorder? _run;

    public RunStarter(StartSettings settings, WorkflowHooks hooks)
    {
        _settings = settings;
        _hooks = hooks;
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

    /// <summary>
    /// Starts one part: its batch, or the batches of the parts it was split into because it could never
    /// fit the deployment's token queue; empty when the confirm hook declined.
    /// </summary>
    public async Task<IReadOnlyList<BlobBatchJob>> StartAsync(BatchInputFile file, BlobBatchContext context, int attempt, CancellationToken cancellationToken)
    {
        RunRecorder run = _run ??= await RunRecorder.OpenAsync(context, _settings.StatePath, _settings.RunId ?? file.RunId, cancellationToken).ConfigureAwait(false);
        string runId = run.RunId;
        RunPart? recorded = run.Manifest.FindPart(file.Sha256, attempt);
        if (recorded?.BatchId is string existing)
        {
            _hooks.Log($"Part {file.PartNumber}/{file.PartCount} already runs as batch {existing} in run {runId}; not starting it again.");
            BatchState state = await (await ReadyClientAsync(context, cancellationToken).ConfigureAwait(false)).Client.GetAsync(existing, cancellationToken).ConfigureAwait(false);
            return new[] { new BlobBatchJob(state, OriginOf(recorded, runId), context) };
        }

        if (recorded?.QuotaSplitTokens is long splitAt)
        {
            return await SplitForQuotaAsync(file, context, recorded, splitAt, attempt, run, cancellationToken).ConfigureAwait(false);
        }

        Uri inputBlob = recorded is not null ? new Uri(recorded.InputBlob)
            : file.BlobUri ?? BlobLocations.InputBlob(context, runId, Path.GetFileName(file.Path));
        bool upload = recorded is null && file.BlobUri is null;
        string action = (upload ? $"Upload {file.Path} and start a batch of {file.RequestCount} requests" : $"Start a batch of {file.RequestCount} requests")
            + $" ({InputEstimate.Describe(file.EstimatedTokens, _settings.Price)})";
        if (!await _hooks.Confirm(inputBlob.AbsoluteUri, action).ConfigureAwait(false))
        {
            return Array.Empty<BlobBatchJob>();
        }

        (BatchServiceClient client, QuotaGate gate) = await ReadyClientAsync(context, cancellationToken).ConfigureAwait(false);
        if (upload)
        {
            await UploadAsync(file, context, inputBlob, cancellationToken).ConfigureAwait(false);
        }

        RunPart part = recorded ?? NewPart(file, inputBlob, attempt);
        if (recorded is null)
        {
            // Recorded before the create call: a process that dies in between resumes at create, without a second upload.
            run.Manifest.Parts.Add(part);
            await run.SaveAsync(cancellationToken).ConfigureAwait(false);
        }

        await KeepRowMapAsync(context, run, part, cancellationToken).ConfigureAwait(false);

        var creator = new SingleBatchCreate(client, _hooks);
        BatchCreated created;
        try
        {
            created = await AdoptEarlierCreateAsync(part, creator, inputBlob, cancellationToken).ConfigureAwait(false)
                ?? await CreateAsync(file, context, runId, inputBlob, part, gate, creator, run, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobBatchException ex) when (ex.ErrorId == "PartExceedsQuota" && file.RequestCount > 1)
        {
            // Smaller than the limit, with room for the service counting a little differently; halved when the limit is only inferred.
            long limit = ex.Data[QuotaGate.LimitKey] as long? ?? file.EstimatedTokens - 1;
            long target = Math.Max(1, Math.Min(limit * 9 / 10, file.EstimatedTokens / 2));
            return await SplitForQuotaAsync(file, context, part, target, attempt, run, cancellationToken).ConfigureAwait(false);
        }
        if (created.EnqueuedTokens is long enqueued && created.MaximumEnqueuedTokens is long maximum)
        {
            _hooks.Log($"Batch {created.State.Id} created; the deployment has {enqueued:N0} of {maximum:N0} tokens enqueued.");
        }

        part.BatchId = created.State.Id;
        part.Status = created.State.Status;
        await run.SaveAsync(cancellationToken).ConfigureAwait(false);
        var job = new BlobBatchJob(created.State, OriginOf(part, runId), context);
        gate.Track(job);
        return new[] { job };
    }

    /// <summary>
    /// Splits a part that can never fit the token queue into parts that do: new files and blob names,
    /// the same lines, ids and row map; the split is recorded on the part first, so a resumed run
    /// splits the same way and finds the new parts' batches.
    /// </summary>
    private async Task<IReadOnlyList<BlobBatchJob>> SplitForQuotaAsync(
        BatchInputFile file, BlobBatchContext context, RunPart part, long maxTokens, int attempt, RunRecorder run, CancellationToken cancellationToken)
    {
        part.QuotaSplitTokens = maxTokens;
        await run.SaveAsync(cancellationToken).ConfigureAwait(false);
        string folder = Path.GetDirectoryName(Path.GetFullPath(file.Path))!;
        string target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file.Path)}.quota{maxTokens}.jsonl");
        IReadOnlyList<BatchInputPart> parts = JsonlInputFile.SplitByTokens(file.Path, target, maxTokens, TokenCounter.ForModel(null));
        _hooks.Log($"Part {file.PartNumber}/{file.PartCount} ({file.EstimatedTokens:N0} tokens) can never fit the deployment's token queue; split into {parts.Count} parts of at most {maxTokens:N0} tokens.");
        var jobs = new List<BlobBatchJob>();
        foreach (BatchInputPart smaller in parts)
        {
            jobs.AddRange(await StartAsync(new BatchInputFile(smaller, file.Deployment, file.Endpoint, file.RowMapPath, context), context, attempt, cancellationToken).ConfigureAwait(false));
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

    private async Task<BatchCreated> CreateAsync(
        BatchInputFile file, BlobBatchContext context, string runId, Uri inputBlob, RunPart part, QuotaGate gate, SingleBatchCreate creator, RunRecorder run, CancellationToken cancellationToken)
    {
        Uri outputFolder = BlobLocations.OutputFolder(context, runId);
        _hooks.Log($"Creating a batch for {inputBlob} with output in {outputFolder}.");
        BinaryData body = BatchCreateBody.ForBlob(inputBlob, outputFolder, EndpointUrls.ForBatch(file.Endpoint));
        return await gate.SubmitAsync(
            () => creator.CreateAsync(body, inputBlob, part, () => run.SaveAsync(cancellationToken), cancellationToken),
            file.EstimatedTokens,
            $"Part {file.PartNumber}/{file.PartCount}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A part whose create was sent by an earlier process that died before it saw the answer may own a batch: adopt it.</summary>
    private async Task<BatchCreated?> AdoptEarlierCreateAsync(RunPart part, SingleBatchCreate creator, Uri inputBlob, CancellationToken cancellationToken)
    {
        if (part.CreateAttempts.Count == 0 || await creator.FindAsync(inputBlob, cancellationToken).ConfigureAwait(false) is not BatchState existing)
        {
            return null;
        }

        _hooks.Log($"Batch {existing.Id} already reads {inputBlob} (created by an earlier start whose answer was lost); adopting it.");
        part.CreateAttempts.Add(new CreateAttempt { Outcome = "adopted " + existing.Id });
        return new BatchCreated(existing, null, null);
    }

    /// <summary>
    /// Resubmits, as new parts of the same run, exactly the requests whose latest outcome is a failure.
    /// <paramref name="folder"/> is where the retry's input files are written.
    /// </summary>
    public async Task<IReadOnlyList<BlobBatchJob>> RetryFailedAsync(BlobBatchContext context, string folder, CancellationToken cancellationToken)
    {
        if (_settings.StatePath is null && _settings.RunId is null)
        {
            throw new BlobBatchException("RunNotSpecified", ErrorKind.InvalidArgument, "-RetryFailed needs the run: pass -StatePath or -RunId.");
        }

        IReadOnlyList<BlobBatchJob> jobs = await RunLoader.LoadJobsAsync(context, _settings.StatePath, _settings.RunId, cancellationToken).ConfigureAwait(false);
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
            var file = new BatchInputFile(part, retry.Deployment, retry.Endpoint, retry.RowMapPath, context);
            started.AddRange(await StartAsync(file, context, attempt, cancellationToken).ConfigureAwait(false));
        }

        return started;
    }

    private async Task UploadAsync(BatchInputFile file, BlobBatchContext context, Uri inputBlob, CancellationToken cancellationToken)
    {
        _hooks.Log($"Uploading part {file.PartNumber}/{file.PartCount} ({file.Bytes:N0} bytes) to {inputBlob}.");
        var throttle = new ThrottledProgress(_hooks.Progress);
        string activity = $"Uploading part {file.PartNumber}/{file.PartCount}";
        var bytes = new SynchronousProgress<long>(sent => throttle.Report(() =>
            new WorkProgress(ProgressActivities.Uploading, activity, $"{sent:N0} of {file.Bytes:N0} bytes", WorkProgress.PercentOf(sent, file.Bytes))));
        await InputUploader.UploadAsync(context, file.Path, inputBlob, file.Sha256, bytes, cancellationToken).ConfigureAwait(false);
        throttle.Complete(ProgressActivities.Uploading, activity);
    }

    private static RunPart NewPart(BatchInputFile file, Uri inputBlob, int attempt) => new()
    {
        PartNumber = file.PartNumber,
        PartCount = file.PartCount,
        InputPath = file.Path,
        InputBlob = inputBlob.AbsoluteUri,
        Sha256 = file.Sha256,
        RequestCount = file.RequestCount,
        EstimatedTokens = file.EstimatedTokens,
        Deployment = file.Deployment,
        Endpoint = EndpointUrls.For(file.Endpoint),
        RowMapPath = file.RowMapPath,
        Attempt = attempt,
    };

    private static JobOrigin OriginOf(RunPart part, string runId) =>
        new(runId, part.PartNumber, part.PartCount, part.InputPath, part.RowMapPath, part.Deployment, part.EstimatedTokens, part.Attempt, part.RowMapBlob);

    /// <summary>
    /// The client for a context, proven on first use by a one-item list: a wrong key, a wrong endpoint
    /// or an api-version the resource refuses stops the run before anything is uploaded.
    /// </summary>
    private async Task<(BatchServiceClient Client, QuotaGate Gate)> ReadyClientAsync(BlobBatchContext context, CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(context, out var pair))
        {
            BatchServiceClient client = BatchServiceClient.For(context);
            _hooks.Log($"Checking that {context.Endpoint} answers and accepts the credential.");
            await client.ListAsync(null, 1, cancellationToken).ConfigureAwait(false);
            var quota = new QuotaSettings
            {
                MaxEnqueuedTokens = _settings.MaxEnqueuedTokens,
                MaxConcurrentBatches = _settings.MaxConcurrentBatches,
                PollInterval = _settings.PollInterval,
                Timeout = _settings.QuotaTimeout,
            };
            pair = (client, new QuotaGate(client, quota, _hooks));
            _clients[context] = pair;
        }

        return pair;
    }
}
