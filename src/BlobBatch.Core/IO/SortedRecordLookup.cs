using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>
/// Finds the values of a key among sorted records. On disk, only the first key of every block of 64
/// records stays in memory (an eighth of a byte per record), and a lookup reads one 1 KiB block, or
/// two when a key spans blocks, searching its bytes without decoding the whole block.
/// </summary>
internal sealed class SortedRecordLookup : IDisposable
{
    private const int BlockRecords = 64;
    private const int WriteBlocks = 64;

    private readonly KeyedRecord[]? _inMemory;
    private readonly int _inMemoryCount;
    private readonly FileStream? _file;
    private readonly List<ulong> _blockFirstKeys = new();
    private readonly byte[] _block = new byte[BlockRecords * KeyedRecord.Size];
    private long _count;
    private int _loadedBlock = -1;
    private int _loadedCount;
    // Made once: a lookup runs once per joined result, and a method group or lambda passed as a
    // delegate would be a new allocation each time.
    private readonly Func<int, ulong> _keyInMemory;
    private readonly Func<int, ulong> _keyInBlock;

    private SortedRecordLookup(KeyedRecord[]? inMemory, int inMemoryCount, FileStream? file)
    {
        _inMemory = inMemory;
        _inMemoryCount = inMemoryCount;
        _file = file;
        _keyInMemory = index => _inMemory![index].Key;
        _keyInBlock = KeyInBlock;
    }

    public static SortedRecordLookup InMemory(KeyedRecord[] sorted, int count) => new(sorted, count, null);

    public static SortedRecordLookup OnDisk(IEnumerable<KeyedRecord> sorted)
    {
        var lookup = new SortedRecordLookup(null, 0, TempFiles.CreateDeletedOnClose());
        var pending = new KeyedRecord[WriteBlocks * BlockRecords];
        int filled = 0;
        foreach (KeyedRecord record in sorted)
        {
            if (lookup._count++ % BlockRecords == 0)
            {
                lookup._blockFirstKeys.Add(record.Key);
            }

            pending[filled++] = record;
            if (filled == pending.Length)
            {
                RecordBlocks.Write(lookup._file!, pending, filled);
                filled = 0;
            }
        }

        RecordBlocks.Write(lookup._file!, pending, filled);
        return lookup;
    }

    public long Count => _inMemory is not null ? _inMemoryCount : _count;

    /// <summary>The values recorded under a key, in order (usually none or one).</summary>
    public IEnumerable<long> ValuesOf(ulong key)
    {
        if (_inMemory is not null)
        {
            for (int i = FirstAtOrAfter(_keyInMemory, _inMemoryCount, key); i < _inMemoryCount && _inMemory[i].Key == key; i++)
            {
                yield return _inMemory[i].Value;
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
            for (int i = FirstAtOrAfter(_keyInBlock, _loadedCount, key); i < _loadedCount && KeyInBlock(i) == key; i++)
            {
                yield return RecordBlocks.Decode(_block.AsSpan(i * KeyedRecord.Size)).Value;
            }
        }
    }

    public void Dispose() => _file?.Dispose();

    private ulong KeyInBlock(int index) => BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(index * KeyedRecord.Size));

    private void Load(int block)
    {
        if (_loadedBlock == block)
        {
            return;
        }

        long first = (long)block * BlockRecords;
        int records = (int)Math.Min(BlockRecords, _count - first);
        RecordBlocks.ReadExactly(_file!, first * KeyedRecord.Size, _block, records * KeyedRecord.Size);
        _loadedCount = records;
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

    private static int FirstAtOrAfter(Func<int, ulong> keyAt, int count, ulong key)
    {
        int low = 0, high = count;
        while (low < high)
        {
            int middle = (low + high) >> 1;
            if (keyAt(middle) < key)
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
