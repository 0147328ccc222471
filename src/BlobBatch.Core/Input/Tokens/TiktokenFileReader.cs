using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.Text;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// Reads a .tiktoken rank file straight into a <see cref="BpeVocabulary"/>, byte by byte, with no
/// string or array per token. Both layouts are read as Microsoft.ML.Tokenizers reads them: an optional
/// "Capacity: N" line, then either "base64 rank" lines or bare base64 lines whose rank is their line
/// number (empty lines after the first token still take a number).
/// </summary>
internal sealed class TiktokenFileReader
{
    private static readonly byte[] CapacityPrefix = Encoding.ASCII.GetBytes("Capacity: ");

    // The published files average under 7 bytes a token. With the "Capacity" line, the arrays are
    // sized once: growing them by doubling would leave megabytes of garbage on the large object heap,
    // which a short session never collects.
    private const int BytesPerTokenGuess = 7;
    private const int MaxCapacity = 1 << 22;

    private byte[] _bytes = new byte[1 << 16];
    private int _byteCount;
    private int[] _starts = new int[1 << 13];
    private int _count;

    // Allocated only when a rank differs from the token's index (never, in the published files).
    private int[]? _ranks;

    public static BpeVocabulary Read(Stream stream)
    {
        var reader = new TiktokenFileReader();
        reader.ReadLines(stream);
        int count = reader._count;
        reader._starts[count] = reader._byteCount;
        return BpeVocabulary.Build(reader._bytes, reader._starts, reader._ranks, count);
    }

    private void ReadLines(Stream stream)
    {
        using var lines = new JsonlLineReader(stream);
        while (lines.TryReadLine(out ArraySegment<byte> line))
        {
            OnLine(line);
        }
    }

    private bool _started;
    private bool _ranked;
    private int _lineNumber;

    // Lines come with a trailing "\r" already dropped.
    private void OnLine(ReadOnlySpan<byte> line)
    {
        if (!_started)
        {
            if (line.StartsWith(CapacityPrefix) && Utf8Parser.TryParse(line.Slice(CapacityPrefix.Length), out int capacity, out _) && capacity > 0 && capacity <= MaxCapacity)
            {
                _starts = new int[capacity + 1];
                _bytes = new byte[capacity * BytesPerTokenGuess];
                return;
            }

            if (line.Length == 0 || line.StartsWith(CapacityPrefix))
            {
                return;
            }

            _started = true;
            _ranked = line.IndexOf((byte)' ') >= 0;
        }

        if (_ranked)
        {
            if (line.Length > 0)
            {
                int space = line.IndexOf((byte)' ');
                if (space <= 0 || !Utf8Parser.TryParse(line.Slice(space + 1), out int rank, out int consumed) || consumed != line.Length - space - 1)
                {
                    throw new InvalidDataException("A line of the token rank file is not 'base64 rank'.");
                }

                Add(line.Slice(0, space), rank);
            }

            return;
        }

        if (line.Length > 0)
        {
            Add(line, _lineNumber);
        }

        _lineNumber++;
    }

    private void Add(ReadOnlySpan<byte> base64, int rank)
    {
        EnsureRoom(Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        if (Base64.DecodeFromUtf8(base64, new Span<byte>(_bytes, _byteCount, _bytes.Length - _byteCount), out _, out int written) != OperationStatus.Done)
        {
            throw new InvalidDataException("A token of the token rank file is not valid base64.");
        }

        _starts[_count] = _byteCount;
        if (_ranks is null && rank != _count)
        {
            _ranks = new int[_starts.Length];
            for (int i = 0; i < _count; i++)
            {
                _ranks[i] = i;
            }
        }

        if (_ranks is not null)
        {
            _ranks[_count] = rank;
        }

        _count++;
        _byteCount += written;
    }

    private void EnsureRoom(int bytes)
    {
        if (_byteCount + bytes > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length + (_bytes.Length / 4), _byteCount + bytes));
        }

        // Room for this token's start and the end mark after the last one.
        if (_count + 2 > _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            if (_ranks is not null)
            {
                Array.Resize(ref _ranks, _starts.Length);
            }
        }
    }
}
