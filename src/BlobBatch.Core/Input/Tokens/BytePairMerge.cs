using System;
using System.Buffers;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// Byte-pair encoding of one pre-tokenized piece, counting only. The rule is tiktoken's: start from
/// single bytes and keep merging the adjacent pair whose joined bytes have the lowest rank (the
/// leftmost when ranks tie) until no joined pair is a token. A min-heap of (rank, start) with stale
/// entries skipped keeps a long piece (a base64 blob, a run of '=') at n log n instead of n².
/// </summary>
internal static class BytePairMerge
{
    private const int StackLimit = 128;
    private const int NoRank = int.MaxValue;

    public static int CountTokens(ReadOnlySpan<byte> piece, BpeVocabulary vocabulary)
    {
        int n = piece.Length;
        if (n <= 1)
        {
            return n;
        }

        int[]? rented = null;
        long[]? rentedHeap = null;
        Span<int> state = n <= StackLimit ? stackalloc int[3 * StackLimit] : (rented = ArrayPool<int>.Shared.Rent(3 * n));
        Span<long> heap = n <= StackLimit ? stackalloc long[3 * StackLimit] : (rentedHeap = ArrayPool<long>.Shared.Rent(3 * n));
        try
        {
            return Merge(piece, vocabulary, state.Slice(0, n), state.Slice(n, n), state.Slice(2 * n, n), heap);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }

            if (rentedHeap is not null)
            {
                ArrayPool<long>.Shared.Return(rentedHeap);
            }
        }
    }

    // Parts are a linked list over byte positions: next[i] is where the part starting at i ends.
    // pairRank[i] is the rank of the part at i joined with the part after it (NoRank if none; -1 once
    // i has been merged into the part before it).
    private static int Merge(ReadOnlySpan<byte> piece, BpeVocabulary vocabulary, Span<int> next, Span<int> previous, Span<int> pairRank, Span<long> heap)
    {
        int n = piece.Length;
        int heapCount = 0;
        for (int i = 0; i < n; i++)
        {
            next[i] = i + 1;
            previous[i] = i - 1;
            pairRank[i] = i + 2 <= n ? RankOrNone(vocabulary, piece.Slice(i, 2)) : NoRank;
            if (pairRank[i] != NoRank)
            {
                Push(heap, ref heapCount, pairRank[i], i);
            }
        }

        int parts = n;
        while (heapCount > 0)
        {
            long top = Pop(heap, ref heapCount);
            int rank = (int)(top >> 32);
            int start = (int)(top & 0xFFFFFFFF);
            if (pairRank[start] != rank)
            {
                continue;
            }

            // Join the part at start with the one after it.
            int absorbed = next[start];
            int end = next[absorbed];
            next[start] = end;
            if (end < n)
            {
                previous[end] = start;
            }

            pairRank[absorbed] = -1;
            parts--;

            pairRank[start] = end < n ? RankOrNone(vocabulary, piece.Slice(start, next[end] - start)) : NoRank;
            if (pairRank[start] != NoRank)
            {
                Push(heap, ref heapCount, pairRank[start], start);
            }

            int before = previous[start];
            if (before >= 0)
            {
                pairRank[before] = RankOrNone(vocabulary, piece.Slice(before, end - before));
                if (pairRank[before] != NoRank)
                {
                    Push(heap, ref heapCount, pairRank[before], before);
                }
            }
        }

        return parts;
    }

    private static int RankOrNone(BpeVocabulary vocabulary, ReadOnlySpan<byte> bytes)
    {
        int rank = vocabulary.RankOf(bytes);
        return rank < 0 ? NoRank : rank;
    }

    // A binary min-heap of (rank << 32 | start): the lowest rank first, then the leftmost start.
    private static void Push(Span<long> heap, ref int count, int rank, int start)
    {
        long item = ((long)rank << 32) | (uint)start;
        int i = count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (heap[parent] <= item)
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = item;
    }

    private static long Pop(Span<long> heap, ref int count)
    {
        long top = heap[0];
        long last = heap[--count];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && heap[child + 1] < heap[child])
            {
                child++;
            }

            if (last <= heap[child])
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        if (count > 0)
        {
            heap[i] = last;
        }

        return top;
    }
}
