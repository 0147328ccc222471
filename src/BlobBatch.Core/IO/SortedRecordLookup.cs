using System;
using System.Collections.Generic;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>
/// Finds the values of a key among sorted records. On disk, only the first key of every block of 256
/// records stays in memory (8 bytes per 256 rows), and a lookup reads one or two 4 KiB blocks.
/// </summary>
internal sealed class SortedRecordLookup : IDisposable
{
    private const int BlockRecords = 256;

    private readonly KeyedRecord[] _records;
    private readonly int _inMemory;
    private readonly FileStream? _file;
    private readonly List<ulong> _blockFirstKeys = new();
    private readonly byte[] _scratch = new byte[BlockRecords * KeyedRecord.Size];
    private long _count;
    private int _loadedBlock = -1;
    private int _loadedCount;

    private SortedRecordLookup(KeyedRecord[] records, int inMemory, FileStream? file)
    {
        _records = records;
        _inMemory = inMemory;
        _file = file;
    }

    public static SortedRecordLookup InMemory(KeyedRecord[] sorted, int count) => new(sorted, count, null);

    public static SortedRecordLookup OnDisk(IEnumerable<KeyedRecord> sorted)
    {
        var lookup = new SortedRecordLookup(new KeyedRecord[BlockRecords], 0, TempFiles.CreateDeletedOnClose());
        var block = new KeyedRecord[BlockRecords];
        int filled = 0;
        foreach (KeyedRecord record in sorted)
        {
            block[filled++] = record;
            if (filled == BlockRecords)
            {
                lookup.AppendBlock(block, filled);
                filled = 0;
            }
        }

        if (filled > 0)
        {
            lookup.AppendBlock(block, filled);
        }

        lookup._file!.Flush();
        return lookup;
    }

    /// <summary>The values recorded under a key, in order (usually none or one).</summary>
    public IEnumerable<long> ValuesOf(ulong key)
    {
        if (_file is null)
        {
            for (int i = FirstAtOrAfter(_records, 0, _inMemory, key); i < _inMemory && _records[i].Key == key; i++)
            {
                yield return _records[i].Value;
            }

            yield break;
        }

        // The first block that may hold the key: the last one starting before it (or at it).
        int block = Math.Max(0, UpperBound(key) - 1);
        while (block > 0 && _blockFirstKeys[block] == key)
        {
            block--;
        }

        for (; block < _blockFirstKeys.Count && _blockFirstKeys[block] <= key; block++)
        {
            Load(block);
            for (int i = FirstAtOrAfter(_records, 0, _loadedCount, key); i < _loadedCount && _records[i].Key == key; i++)
            {
                yield return _records[i].Value;
            }
        }
    }

    public long Count => _file is null ? _inMemory : _count;

    public bool Contains(ulong key)
    {
        foreach (long _ in ValuesOf(key))
        {
            return true;
        }

        return false;
    }

    /// <summary>Every record, in order.</summary>
    public IEnumerable<KeyedRecord> All()
    {
        if (_file is null)
        {
            for (int i = 0; i < _inMemory; i++)
            {
                yield return _records[i];
            }

            yield break;
        }

        for (int block = 0; block < _blockFirstKeys.Count; block++)
        {
            Load(block);
            for (int i = 0; i < _loadedCount; i++)
            {
                yield return _records[i];
            }
        }
    }

    public void Dispose() => _file?.Dispose();

    private void AppendBlock(KeyedRecord[] block, int count)
    {
        _blockFirstKeys.Add(block[0].Key);
        _file!.Position = _count * KeyedRecord.Size;
        RecordBlocks.Write(_file, block, count);
        _count += count;
    }

    private void Load(int block)
    {
        if (_loadedBlock == block)
        {
            return;
        }

        long first = (long)block * BlockRecords;
        int wanted = (int)Math.Min(BlockRecords, _count - first);
        _loadedCount = RecordBlocks.Read(_file!, first * KeyedRecord.Size, _records, wanted, _scratch);
        _loadedBlock = block;
    }

    // The number of blocks whose first key is at most the key.
    private int UpperBound(ulong key)
    {
        int low = 0, high = _blockFirstKeys.Count;
        while (low < high)
        {
            int middle = (low + high) >> 1;
            if (_blockFirstKeys[middle] <= key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int FirstAtOrAfter(KeyedRecord[] records, int low, int high, ulong key)
    {
        while (low < high)
        {
            int middle = (low + high) >> 1;
            if (records[middle].Key < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
