using BlobBatch.Emulator.Backends;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Faults;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Models;
using BlobBatch.Emulator.Output;
using BlobBatch.Emulator.Pacing;

namespace BlobBatch.Emulator.Batches;

/// <summary>
/// Drives one batch from whatever state it is in to a terminal one: validating → in_progress → finalizing →
/// completed, or failed / cancelled / expired. Every step moves the status only from the state it expects, so a
/// concurrent cancel always wins cleanly; a stop (shutdown) leaves the batch to be resumed on the next start.
/// </summary>
public sealed class BatchRunner(
    BatchStore store,
    InputSource inputs,
    OutputPublisher outputs,
    IRequestBackend backend,
    TokenPacer pacer,
    FaultInjector faults,
    EmulatorOptions options,
    ILogger<BatchRunner> logger)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(BatchRecord batch, CancellationToken cancel, CancellationToken stopping)
    {
        IReadOnlyList<InputRequest>? requests = null;
        while (true)
        {
            string status = BatchStore.Read(batch, b => b.Status);
            try
            {
                switch (status)
                {
                    case BatchStatus.Validating:
                        requests = await ValidateAsync(batch, cancel, stopping);
                        break;
                    case BatchStatus.InProgress:
                        await ExecuteAsync(batch, requests, cancel, stopping);
                        break;
                    case BatchStatus.Finalizing:
                        await FinalizeAsync(batch, stopping);
                        break;
                    case BatchStatus.Cancelling:
                        await FinishCancelAsync(batch, stopping);
                        break;
                    default:
                        return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                store.Save(batch);
                return;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The cancel endpoint set "cancelling" before signalling; the loop takes it from there.
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Batch {BatchId} failed unexpectedly in {Status}.", batch.Id, status);
                Move(batch, status, BatchStatus.Failed, b => b.Errors = [new BatchError("internal_error", "The emulator failed while processing the batch: " + ex.Message)]);
                return;
            }
        }
    }

    private async Task<IReadOnlyList<InputRequest>?> ValidateAsync(BatchRecord batch, CancellationToken cancel, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel, stopping);
        await Task.Delay(PacingOptions.ToSpan(options.Pacing.ValidatingSeconds), either.Token);
        if (BatchStore.Read(batch, b => b.QuotaRefused))
        {
            Move(batch, BatchStatus.Validating, BatchStatus.Failed, b => b.Errors =
            [
                new BatchError("token_limit_exceeded", "Enqueued token limit reached for this deployment. Submit the job again once earlier batches have finished."),
            ]);
            return null;
        }

        InputRead read = await inputs.ReadAsync(batch, batch.InputETag, either.Token);
        BatchError? error = read.Error ?? await outputs.CheckTargetAsync(batch, either.Token);
        InputReport? report = null;
        if (error is null)
        {
            report = InputInspector.Inspect(read.Content, batch.Endpoint, options.Deployments, options.MaxRequestsPerBatch);
            error = report.Error;
        }

        if (error is not null)
        {
            Move(batch, BatchStatus.Validating, BatchStatus.Failed, b => b.Errors = [error]);
            return null;
        }

        Move(batch, BatchStatus.Validating, BatchStatus.InProgress, b =>
        {
            b.Total = report!.Requests.Count;
            if (b.IsBlobMode)
            {
                b.OutputBlob = OutputPublisher.UrlFor(b, OutputPublisher.ResultsName);
                b.ErrorBlob = OutputPublisher.UrlFor(b, OutputPublisher.ErrorsName);
            }
        });
        return report!.Requests;
    }

    private async Task ExecuteAsync(BatchRecord batch, IReadOnlyList<InputRequest>? requests, CancellationToken cancel, CancellationToken stopping)
    {
        if (requests is null)
        {
            // Resumed after a restart: read the input again; a blob changed meanwhile fails as input_modified.
            InputRead read = await inputs.ReadAsync(batch, batch.InputETag, stopping);
            if (read.Error is not null)
            {
                Move(batch, BatchStatus.InProgress, BatchStatus.Failed, b => b.Errors = [read.Error]);
                return;
            }

            requests = InputInspector.Inspect(read.Content, batch.Endpoint, options.Deployments, options.MaxRequestsPerBatch).Requests;
        }

        using WorkFiles work = WorkFiles.Open(options.DataPath, batch.Id);
        store.Update(batch, b =>
        {
            b.Completed = work.Completed;
            b.Failed = work.Failed;
        });
        var finished = new HashSet<string>(work.Done, StringComparer.Ordinal);
        List<InputRequest> pending = [.. requests.Where(r => !work.Done.Contains(r.CustomId))];

        using var expiry = new CancellationTokenSource();
        if (batch.ExpiryDeadlineMilliseconds is long deadline)
        {
            expiry.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, deadline - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        }

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancel, stopping, expiry.Token);
        using TokenPacer.PacedBatch? paced = pacer.Enter(batch, pending.Count);
        long lastSave = Environment.TickCount64;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Pacing.Concurrency), CancellationToken = run.Token };
        TimeSpan latency = PacingOptions.ToSpan(options.Pacing.RequestLatencySeconds);
        try
        {
            await Parallel.ForEachAsync(pending, parallel, async (request, token) =>
            {
                if (paced is not null)
                {
                    await paced.WaitTurnAsync(token);
                }

                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, token);
                }

                (string line, bool success) = await ExecuteOneAsync(request, token);
                work.Append(line, success);
                lock (batch.Gate)
                {
                    finished.Add(request.CustomId);
                    if (success)
                    {
                        batch.Completed++;
                    }
                    else
                    {
                        batch.Failed++;
                    }
                }

                long now = Environment.TickCount64;
                long seen = Interlocked.Read(ref lastSave);
                if (now - seen > SaveInterval.TotalMilliseconds && Interlocked.CompareExchange(ref lastSave, now, seen) == seen)
                {
                    work.Flush();
                    store.Save(batch);
                }
            });
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancel.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            await ExpireAsync(batch, requests, finished, work, stopping);
            return;
        }
        finally
        {
            work.Flush();
            store.Save(batch);
        }

        if (batch.IsBlobMode && await inputs.CurrentETagAsync(batch, stopping) != batch.InputETag)
        {
            Move(batch, BatchStatus.InProgress, BatchStatus.Failed,
                b => b.Errors = [new BatchError(InputSource.InputModified, "The input blob was modified after the batch was submitted.")]);
            return;
        }

        Move(batch, BatchStatus.InProgress, BatchStatus.Finalizing);
    }

    private async Task<(string Line, bool Success)> ExecuteOneAsync(InputRequest request, CancellationToken token)
    {
        // The service refuses a parameter the model does not take before any model runs, whatever the backend.
        if (ParameterRules.Check(request, DeploymentOptions.ModelOf(options.Deployments, request.Model)) is ParameterRefusal refusal)
        {
            return (ResultLines.Answered(request.CustomId, ParameterRefusal.StatusCode, refusal.Body()), false);
        }

        if (RequestFailureSelector.ShouldFail(request.CustomId, faults.RequestFailureRate))
        {
            return (ResultLines.Answered(request.CustomId, 500,
                ResultLines.ErrorBody("server_error", "The emulator injected a failure for this request.")), false);
        }

        try
        {
            BackendResult result = await backend.ExecuteAsync(request, token);
            return (ResultLines.Answered(request.CustomId, result.StatusCode, result.Body), result.IsSuccess);
        }
        catch (HttpRequestException ex)
        {
            return (ResultLines.Unanswered(request.CustomId, "server_error", "The model endpoint could not be reached: " + ex.Message), false);
        }
    }

    /// <summary>OpenAI's semantics: what finished stays in the output; every unfinished request becomes a batch_expired error line.</summary>
    private async Task ExpireAsync(BatchRecord batch, IReadOnlyList<InputRequest> requests, HashSet<string> finished, WorkFiles work, CancellationToken stopping)
    {
        int expired = 0;
        foreach (InputRequest request in requests.Where(r => !finished.Contains(r.CustomId)))
        {
            work.Append(ResultLines.Unanswered(request.CustomId, ResultLines.BatchExpired, "This request could not be executed before the completion window expired."), false);
            expired++;
        }

        // Close the writers before publishing reads the files (Windows refuses to read a file open for writing).
        work.Dispose();
        store.Update(batch, b => b.Failed += expired);
        await outputs.PublishAsync(batch, stopping);
        Move(batch, BatchStatus.InProgress, BatchStatus.Expired, ForgetPartialBlobsIfAsked);
    }

    private async Task FinalizeAsync(BatchRecord batch, CancellationToken stopping)
    {
        await outputs.PublishAsync(batch, stopping);
        await Task.Delay(PacingOptions.ToSpan(options.Pacing.FinalizingSeconds), stopping);
        Move(batch, BatchStatus.Finalizing, BatchStatus.Completed);
    }

    private async Task FinishCancelAsync(BatchRecord batch, CancellationToken stopping)
    {
        await Task.Delay(PacingOptions.ToSpan(options.Pacing.CancellingSeconds), stopping);
        if (BatchStore.Read(batch, b => b.InProgressAt) is not null)
        {
            // Work already done is kept, as the service keeps (and bills) it.
            await outputs.PublishAsync(batch, stopping);
        }

        Move(batch, BatchStatus.Cancelling, BatchStatus.Cancelled, ForgetPartialBlobsIfAsked);
    }

    // The files stay in the output folder; only the batch stops naming them (FaultOptions.OmitPartialOutputBlobs).
    private void ForgetPartialBlobsIfAsked(BatchRecord batch)
    {
        if (batch.IsBlobMode && faults.OmitPartialOutputBlobs)
        {
            batch.OutputBlob = string.Empty;
            batch.ErrorBlob = string.Empty;
        }
    }

    private bool Move(BatchRecord batch, string from, string to, Action<BatchRecord>? also = null)
    {
        bool moved = false;
        store.Update(batch, b =>
        {
            if (b.Status != from)
            {
                return;
            }

            b.Status = to;
            BatchTimestamps.Stamp(b, to, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            also?.Invoke(b);
            moved = true;
        });
        return moved;
    }
}
