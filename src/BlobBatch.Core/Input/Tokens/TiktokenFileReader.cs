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

    private byte[] _bytes = new byte[1 << 20];
    private int _byteCount;
    private int[] _starts = new int[1 << 16];
    private int[] _ranks = new int[1 << 16];
    private int _count;

    public static BpeVocabulary Read(Stream stream)
    {
        var reader = new TiktokenFileReader();
        reader.ReadLines(stream);
        int count = reader._count;
        reader._starts[count] = reader._byteCount;

        // Trimmed to size: the vocabulary lives as long as the session.
        Array.Resize(ref reader._bytes, reader._byteCount);
        Array.Resize(ref reader._starts, count + 1);
        Array.Resize(ref reader._ranks, count);
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
            if (line.Length == 0 || StartsWithCapacity(line))
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

    private static bool StartsWithCapacity(ReadOnlySpan<byte> line) =>
        line.StartsWith(CapacityPrefix);

    private void Add(ReadOnlySpan<byte> base64, int rank)
    {
        EnsureRoom(Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        if (Base64.DecodeFromUtf8(base64, new Span<byte>(_bytes, _byteCount, _bytes.Length - _byteCount), out _, out int written) != OperationStatus.Done)
        {
            throw new InvalidDataException("A token of the token rank file is not valid base64.");
        }

        _starts[_count] = _byteCount;
        _ranks[_count] = rank;
        _count++;
        _byteCount += written;
    }

    private void EnsureRoom(int bytes)
    {
        if (_byteCount + bytes > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _byteCount + bytes));
        }

        if (_count + 2 > _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _ranks, _ranks.Length * 2);
        }
    }
}
