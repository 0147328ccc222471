using System;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// The merge ranks of a tiktoken encoding, held compactly: every token's bytes in one array, and an
/// open-addressing table of token indexes. o200k takes about 5 MB this way; as dictionaries of byte
/// arrays and strings (how Microsoft.ML.Tokenizers holds it) it takes about 45 MB of every session
/// that counts tokens.
/// </summary>
internal sealed class BpeVocabulary
{
    private readonly byte[] _bytes;
    private readonly int[] _starts;
    private readonly int[] _ranks;
    private readonly int[] _slots;
    private readonly int _mask;

    // Token i is _bytes[_starts[i] .. _starts[i + 1]); a slot holds a token index + 1, 0 when empty.
    private BpeVocabulary(byte[] bytes, int[] starts, int[] ranks, int[] slots)
    {
        _bytes = bytes;
        _starts = starts;
        _ranks = ranks;
        _slots = slots;
        _mask = slots.Length - 1;
    }

    public int Count => _ranks.Length;

    /// <summary>The rank (token id) of exactly these bytes, or -1 when they are no token.</summary>
    public int RankOf(ReadOnlySpan<byte> token)
    {
        int slot = (int)(Hash(token) & (uint)_mask);
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            int start = _starts[entry - 1];
            if (_starts[entry] - start == token.Length && token.SequenceEqual(new ReadOnlySpan<byte>(_bytes, start, token.Length)))
            {
                return _ranks[entry - 1];
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Builds the table from tokens appended in file order; a repeated token keeps its last rank, as in tiktoken.</summary>
    internal static BpeVocabulary Build(byte[] bytes, int[] starts, int[] ranks, int count)
    {
        int size = 1;
        while (size < count * 2)
        {
            size <<= 1;
        }

        var vocabulary = new BpeVocabulary(bytes, starts, ranks, new int[size]);
        for (int i = 0; i < count; i++)
        {
            vocabulary.Insert(i);
        }

        return vocabulary;
    }

    private void Insert(int index)
    {
        var token = new ReadOnlySpan<byte>(_bytes, _starts[index], _starts[index + 1] - _starts[index]);
        int slot = (int)(Hash(token) & (uint)_mask);
        while (_slots[slot] != 0)
        {
            int other = _slots[slot] - 1;
            if (token.SequenceEqual(new ReadOnlySpan<byte>(_bytes, _starts[other], _starts[other + 1] - _starts[other])))
            {
                _ranks[other] = _ranks[index];
                return;
            }

            slot = (slot + 1) & _mask;
        }

        _slots[slot] = index + 1;
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
