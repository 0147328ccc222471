using System.Collections.Concurrent;

namespace BlobBatch.Emulator.Batches;

/// <summary>Runs every unfinished batch in the background, resumes them at start-up, and relays cancel requests.</summary>
public sealed class BatchProcessor(BatchStore store, BatchRunner runner, ILogger<BatchProcessor> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Run> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (BatchRecord batch in store.Unfinished())
        {
            Launch(batch);
        }

        return Task.CompletedTask;
    }

    public void Launch(BatchRecord batch)
    {
        var run = new Run(new CancellationTokenSource());
        if (!_running.TryAdd(batch.Id, run))
        {
            run.Cancel.Dispose();
            return;
        }

        run.Task = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(batch, run.Cancel.Token, _stopping.Token);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Batch {BatchId} stopped with an error.", batch.Id);
            }
            finally
            {
                _running.TryRemove(batch.Id, out _);
            }
        });
    }

    public void RequestCancel(string batchId)
    {
        if (_running.TryGetValue(batchId, out Run? run))
        {
            run.Cancel.Cancel();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] tasks = [.. _running.Values.Select(r => r.Task).OfType<Task>()];
        try
        {
            await Task.WhenAll(tasks).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout won; unfinished batches resume on the next start anyway.
        }
    }

    public void Dispose() => _stopping.Dispose();

    private sealed class Run(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public Task? Task { get; set; }
    }
}
