using System.Collections.Generic;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>
/// Merges sorted runs of one file into one sorted sequence: a cursor per run holding a block of 256
/// records (4 KiB), and a heap of cursors by their current record.
/// </summary>
internal sealed class RunMerge
{
    private const int BlockRecords = 256;

    private readonly FileStream _file;
    private readonly IReadOnlyList<(long Start, int Count)> _runs;
    private readonly byte[] _scratch = new byte[BlockRecords * KeyedRecord.Size];

    public RunMerge(FileStream file, IReadOnlyList<(long Start, int Count)> runs)
    {
        _file = file;
        _runs = runs;
    }

    public IEnumerable<KeyedRecord> Read()
    {
        var heap = new List<Cursor>();
        foreach ((long start, int count) in _runs)
        {
            var cursor = new Cursor(start, count);
            if (cursor.Advance(this))
            {
                heap.Add(cursor);
            }
        }

        for (int i = (heap.Count / 2) - 1; i >= 0; i--)
        {
            SiftDown(heap, i);
        }

        while (heap.Count > 0)
        {
            Cursor top = heap[0];
            yield return top.Current;
            if (!top.Advance(this))
            {
                heap[0] = heap[heap.Count - 1];
                heap.RemoveAt(heap.Count - 1);
            }

            if (heap.Count > 0)
            {
                SiftDown(heap, 0);
            }
        }
    }

    private static void SiftDown(List<Cursor> heap, int i)
    {
        while (true)
        {
            int smallest = i;
            int left = (2 * i) + 1;
            int right = left + 1;
            if (left < heap.Count && heap[left].Current.CompareTo(heap[smallest].Current) < 0)
            {
                smallest = left;
            }

            if (right < heap.Count && heap[right].Current.CompareTo(heap[smallest].Current) < 0)
            {
                smallest = right;
            }

            if (smallest == i)
            {
                return;
            }

            (heap[i], heap[smallest]) = (heap[smallest], heap[i]);
            i = smallest;
        }
    }

    private sealed class Cursor
    {
        private readonly KeyedRecord[] _block = new KeyedRecord[BlockRecords];
        private long _next;
        private int _left;
        private int _inBlock;
        private int _index;

        public Cursor(long start, int count)
        {
            _next = start;
            _left = count;
        }

        public KeyedRecord Current { get; private set; }

        public bool Advance(RunMerge merge)
        {
            if (_index == _inBlock)
            {
                if (_left == 0)
                {
                    return false;
                }

                _inBlock = System.Math.Min(BlockRecords, _left);
                RecordBlocks.Read(merge._file, _next, _block, _inBlock, merge._scratch);

                _next += (long)_inBlock * KeyedRecord.Size;
                _left -= _inBlock;
                _index = 0;
            }

            Current = _block[_index++];
            return true;
        }
    }
}
