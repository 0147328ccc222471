using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace BlobBatch.Core.Input;

/// <summary>
/// Counts tokens on worker threads (one per core) while the writer goes on writing. Counting is most of the cost of
/// a line, and when no part is split by a token budget, counts are only needed at the end, per part.
/// </summary>
internal sealed class BackgroundTokenTally : IDisposable
{
    // Lines travel in batches: a queue operation per line would cost as much as counting short lines.
    private const int BatchSize = 64;

    private static readonly int WorkerCount = Math.Max(1, Environment.ProcessorCount);

    // Two waiting batches per worker keep every worker busy; a longer queue only holds more rows in
    // memory while the writer, which is faster than the counting, runs ahead.
    private readonly BlockingCollection<List<(int Part, IReadOnlyList<ChatMessage> Messages, bool Embedding)>> _queue =
        new(boundedCapacity: 2 * WorkerCount);
    private List<(int Part, IReadOnlyList<ChatMessage> Messages, bool Embedding)> _pending = new(BatchSize);
    private readonly ConcurrentDictionary<int, long> _totals = new();
    private readonly Task[] _workers;
    private readonly TokenCounter _counter;

    public BackgroundTokenTally(TokenCounter counter)
    {
        _counter = counter;
        _workers = Enumerable.Range(0, WorkerCount)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
    }

    public void Post(int part, IReadOnlyList<ChatMessage> messages, bool embedding)
    {
        _pending.Add((part, messages, embedding));
        if (_pending.Count == BatchSize)
        {
            _queue.Add(_pending);
            _pending = new List<(int, IReadOnlyList<ChatMessage>, bool)>(BatchSize);
        }
    }

    /// <summary>Waits for every posted line and returns the tokens per part index.</summary>
    public IReadOnlyDictionary<int, long> Finish()
    {
        if (_pending.Count > 0)
        {
            _queue.Add(_pending);
        }

        _queue.CompleteAdding();
        Task.WaitAll(_workers);
        return _totals;
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
        }

        try
        {
            Task.WaitAll(_workers);
        }
        catch (AggregateException)
        {
            // The writer failed first; its failure is the one that matters.
        }

        _queue.Dispose();
    }

    private void Work()
    {
        foreach (List<(int Part, IReadOnlyList<ChatMessage> Messages, bool Embedding)> batch in _queue.GetConsumingEnumerable())
        {
            foreach ((int part, IReadOnlyList<ChatMessage> messages, bool embedding) in batch)
            {
                long tokens = embedding ? _counter.CountText(messages) : _counter.CountChat(messages);
                _totals.AddOrUpdate(part, tokens, (_, total) => total + tokens);
            }
        }
    }
}
