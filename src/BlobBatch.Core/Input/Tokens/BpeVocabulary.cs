using System;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// The merge ranks of a tiktoken encoding, held compactly: every token's bytes in one array, and an
/// open-addressing table of token indexes. o200k takes about 3 MB this way; as dictionaries of byte
/// arrays and strings (how Microsoft.ML.Tokenizers holds it) it takes about 45 MB of every session
/// that counts tokens.
/// </summary>
internal sealed class BpeVocabulary
{
    private readonly byte[] _bytes;
    private readonly int[] _starts;
    // Null when every token's rank is its index, as in the published files: saves 4 bytes a token.
    private readonly int[]? _ranks;
    private readonly int[] _slots;
    private readonly int _mask;
    private readonly int _indexBits;
    private readonly int _indexMask;

    // Token i is _bytes[_starts[i] .. _starts[i + 1]). A slot holds token index + 1 in its low
    // _indexBits bits (0 when empty) and the top bits of the token's hash above them: a probe that
    // meets another token's slot is then told apart without reading that token's bytes, which lets
    // the table be filled to three quarters (1 MB for o200k instead of 2) at the same speed.
    private BpeVocabulary(byte[] bytes, int[] starts, int[]? ranks, int count, int[] slots, int indexBits)
    {
        _bytes = bytes;
        _starts = starts;
        _ranks = ranks;
        Count = count;
        _slots = slots;
        _mask = slots.Length - 1;
        _indexBits = indexBits;
        _indexMask = (1 << indexBits) - 1;
    }

    public int Count { get; }

    /// <summary>The rank (token id) of exactly these bytes, or -1 when they are no token.</summary>
    public int RankOf(ReadOnlySpan<byte> token)
    {
        uint hash = Hash(token);
        int tag = TagOf(hash);
        int slot = (int)(hash & (uint)_mask);
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            int index = (entry & _indexMask) - 1;
            if ((entry & ~_indexMask) == tag && Matches(index, token))
            {
                return _ranks is null ? index : _ranks[index];
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// Builds the table from tokens appended in file order (token i is bytes[starts[i] .. starts[i + 1]),
    /// with rank ranks[i], or i when ranks is null); a repeated token keeps its last rank, as in tiktoken.
    /// </summary>
    internal static BpeVocabulary Build(byte[] bytes, int[] starts, int[]? ranks, int count)
    {
        // At most three quarters full.
        int size = 1;
        while (size < count + (count / 3) + 1)
        {
            size <<= 1;
        }

        int indexBits = 1;
        while ((1 << indexBits) <= count)
        {
            indexBits++;
        }

        var vocabulary = new BpeVocabulary(bytes, starts, ranks, count, new int[size], indexBits);
        for (int i = 0; i < count; i++)
        {
            vocabulary.Insert(i);
        }

        return vocabulary;
    }

    private void Insert(int index)
    {
        var token = new ReadOnlySpan<byte>(_bytes, _starts[index], _starts[index + 1] - _starts[index]);
        uint hash = Hash(token);
        int tag = TagOf(hash);
        int slot = (int)(hash & (uint)_mask);
        while (_slots[slot] != 0)
        {
            int entry = _slots[slot];
            if ((entry & ~_indexMask) == tag && Matches((entry & _indexMask) - 1, token))
            {
                // A repeated token: the later one (and its rank) wins.
                break;
            }

            slot = (slot + 1) & _mask;
        }

        _slots[slot] = tag | (index + 1);
    }

    // The hash's top bits, where a slot keeps them; the low bits pick the slot.
    private int TagOf(uint hash) => (int)(hash >> _indexBits << _indexBits);

    private bool Matches(int index, ReadOnlySpan<byte> token)
    {
        int start = _starts[index];
        return _starts[index + 1] - start == token.Length && token.SequenceEqual(new ReadOnlySpan<byte>(_bytes, start, token.Length));
    }

    // FNV-1a, then a final mix so the low bits the table uses depend on every byte.
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        hash ^= hash >> 15;
        hash *= 0x2c1b3c6d;
        hash ^= hash >> 12;
        return hash;
    }
}
