using System;
using System.Collections.Generic;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>A 64-bit key (an id's hash) with a value (a row number, a file offset); sorted by key, then value.</summary>
internal readonly struct KeyedRecord : IComparable<KeyedRecord>
{
    public const int Size = 16;

    public KeyedRecord(ulong key, long value)
    {
        Key = key;
        Value = value;
    }

    public ulong Key { get; }

    public long Value { get; }

    public int CompareTo(KeyedRecord other) => Key != other.Key ? Key.CompareTo(other.Key) : Value.CompareTo(other.Value);
}

/// <summary>
/// Sorts any number of records in bounded memory: a window of records is sorted in memory and, when
/// full, written to a temporary file as a sorted run; reading merges the runs. Inputs that fit the
/// window never touch the disk. This is what keeps id checks and joins flat in memory from a thousand
/// rows to ten million.
/// </summary>
internal sealed class ExternalRecordSort : IDisposable
{
    /// <summary>
    /// For sorts that are looked up at random (the join's row index): 100,000 records, 1.6 MB, so one
    /// whole part (the service's limit is 100,000 requests) stays in memory. A lookup in a spilled sort
    /// costs a disk read.
    /// </summary>
    public const int LookupWindow = 100_000;

    /// <summary>
    /// For sorts that are only read in order (repeat checks, reconciliation): 16,384 records, 256 KiB. Spilling them
    /// costs a sequential write and a merge, so a small window is nearly free.
    /// </summary>
    public const int MergeWindow = 1 << 14;

    private readonly int _capacity;
    private KeyedRecord[] _window;
    private readonly List<(long Start, int Count)> _runs = new();
    private int _filled;
    private FileStream? _runFile;
    private bool _read;

    public ExternalRecordSort(int window)
    {
        _capacity = Math.Max(2, window);
        _window = new KeyedRecord[Math.Min(_capacity, 1024)];
    }

    public long Count { get; private set; }

    public bool Spilled => _runFile is not null;

    public void Add(ulong key, long value)
    {
        if (_read)
        {
            throw new InvalidOperationException("Records cannot be added after the sort was read.");
        }

        if (_filled == _window.Length)
        {
            // A small input costs a small window. Past it, the window goes straight to its full size:
            // doubling would leave every smaller window behind as garbage on the large object heap.
            if (_window.Length < _capacity)
            {
                Array.Resize(ref _window, _capacity);
            }
            else
            {
                SpillWindow();
            }
        }

        _window[_filled++] = new KeyedRecord(key, value);
        Count++;
    }

    /// <summary>Every record added, in order. Read once.</summary>
    public IEnumerable<KeyedRecord> ReadSorted()
    {
        if (_runFile is null)
        {
            SortInMemory();
            return InMemory();
        }

        _read = true;

        if (_filled > 0)
        {
            SpillWindow();
        }

        _runFile.Flush();
        return new RunMerge(_runFile, _runs).Read();
    }

    /// <summary>A sorted copy for lookups: in memory when it never spilled, otherwise a file with a sparse index.</summary>
    public SortedRecordLookup ToLookup()
    {
        if (_runFile is null)
        {
            SortInMemory();
            return SortedRecordLookup.InMemory(_window, _filled);
        }

        return SortedRecordLookup.OnDisk(ReadSorted());
    }

    public void Dispose() => _runFile?.Dispose();

    private void SortInMemory()
    {
        _read = true;
        Array.Sort(_window, 0, _filled);
    }

    private IEnumerable<KeyedRecord> InMemory()
    {
        for (int i = 0; i < _filled; i++)
        {
            yield return _window[i];
        }
    }

    private void SpillWindow()
    {
        Array.Sort(_window, 0, _filled);
        _runFile ??= TempFiles.CreateDeletedOnClose();
        long start = _runFile.Length;
        _runFile.Position = start;
        RecordBlocks.Write(_runFile, _window, _filled);
        _runs.Add((start, _filled));
        _filled = 0;
    }
}
