using System;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// The token counts of recently merged pieces, so a word that is no single token is byte-pair merged
/// once, not every time it comes again. Merging is most of the cost of counting text outside English
/// (a Russian or German word, a run of Chinese), and mail repeats itself: names, signatures, quoted
/// replies, the same product and error in every line. Direct-mapped and fixed in size (4,096 pieces of
/// at most 64 characters, well under 1 MB); a slot holds an immutable entry, so the token workers
/// share it without locks (a racing write only replaces one entry with another, both right).
/// </summary>
internal sealed class MergedPieceCache
{
    private const int Size = 4096;
    private const int MaxPieceLength = 64;

    private readonly Entry?[] _entries = new Entry?[Size];

    public bool TryGet(ReadOnlySpan<char> piece, out int count)
    {
        Entry? entry = piece.Length <= MaxPieceLength ? _entries[Slot(piece)] : null;
        if (entry is not null && piece.SequenceEqual(entry.Piece.AsSpan()))
        {
            count = entry.Count;
            return true;
        }

        count = 0;
        return false;
    }

    public void Add(ReadOnlySpan<char> piece, int count)
    {
        if (piece.Length <= MaxPieceLength)
        {
            _entries[Slot(piece)] = new Entry(piece.ToString(), count);
        }
    }

    // FNV-1a over the characters, then a mix so the low bits the slot uses depend on all of them.
    private static int Slot(ReadOnlySpan<char> piece)
    {
        uint hash = 2166136261;
        foreach (char c in piece)
        {
            hash = (hash ^ c) * 16777619;
        }

        hash ^= hash >> 15;
        hash *= 0x2c1b3c6d;
        hash ^= hash >> 12;
        return (int)(hash & (Size - 1));
    }

    private sealed class Entry
    {
        public Entry(string piece, int count)
        {
            Piece = piece;
            Count = count;
        }

        public string Piece { get; }

        public int Count { get; }
    }
}
