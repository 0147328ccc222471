using System.Collections.Concurrent;
using System.Text.Json;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Storage;

namespace BlobBatch.Emulator.Batches;

/// <summary>All batches in memory, each persisted atomically as data/batches/{id}.json.</summary>
public sealed class BatchStore
{
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, BatchRecord> _batches = new(StringComparer.Ordinal);
    private long _sequence;

    public BatchStore(EmulatorOptions options)
    {
        _folder = Directory.CreateDirectory(Path.Combine(options.DataPath, "batches")).FullName;
        AtomicFile.RemoveLeftovers(_folder);
        foreach (string path in Directory.EnumerateFiles(_folder, "*.json"))
        {
            BatchRecord? record = JsonSerializer.Deserialize<BatchRecord>(File.ReadAllBytes(path));
            if (record is not null)
            {
                _batches[record.Id] = record;
                _sequence = Math.Max(_sequence, record.Sequence);
            }
        }
    }

    public void Add(BatchRecord record)
    {
        record.Sequence = Interlocked.Increment(ref _sequence);
        Save(record);
        _batches[record.Id] = record;
    }

    public BatchRecord? Get(string id) => _batches.TryGetValue(id, out BatchRecord? record) ? record : null;

    public IReadOnlyList<BatchRecord> NewestFirst() => [.. _batches.Values.OrderByDescending(b => b.Sequence)];

    public IReadOnlyList<BatchRecord> Unfinished() =>
        [.. _batches.Values.Where(b => !BatchStatus.IsTerminal(Read(b, r => r.Status))).OrderBy(b => b.Sequence)];

    /// <summary>Applies a change under the record's lock and persists the result.</summary>
    public void Update(BatchRecord record, Action<BatchRecord> change)
    {
        lock (record.Gate)
        {
            change(record);
        }

        Save(record);
    }

    public void Save(BatchRecord record)
    {
        byte[] snapshot;
        lock (record.Gate)
        {
            snapshot = JsonSerializer.SerializeToUtf8Bytes(record);
        }

        AtomicFile.WriteAllBytes(Path.Combine(_folder, record.Id + ".json"), snapshot);
    }

    public static T Read<T>(BatchRecord record, Func<BatchRecord, T> read)
    {
        lock (record.Gate)
        {
            return read(record);
        }
    }
}
