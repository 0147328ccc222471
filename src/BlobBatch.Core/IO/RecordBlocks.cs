using System;
using System.Buffers.Binary;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>Records to and from their 16-byte little-endian form on disk.</summary>
internal static class RecordBlocks
{
    private const int Chunk = 4096;

    public static void Write(Stream stream, KeyedRecord[] records, int count)
    {
        byte[] buffer = new byte[Chunk * KeyedRecord.Size];
        for (int done = 0; done < count; done += Chunk)
        {
            int n = Math.Min(Chunk, count - done);
            for (int i = 0; i < n; i++)
            {
                Encode(records[done + i], buffer.AsSpan(i * KeyedRecord.Size));
            }

            stream.Write(buffer, 0, n * KeyedRecord.Size);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> records at <paramref name="position"/>.</summary>
    public static void Read(Stream stream, long position, KeyedRecord[] records, int count, byte[] scratch)
    {
        ReadExactly(stream, position, scratch, count * KeyedRecord.Size);
        for (int i = 0; i < count; i++)
        {
            records[i] = Decode(scratch.AsSpan(i * KeyedRecord.Size));
        }
    }

    /// <summary>Fills the first <paramref name="bytes"/> of <paramref name="buffer"/> from <paramref name="position"/>; a spill file that ends first is damaged.</summary>
    public static void ReadExactly(Stream stream, long position, byte[] buffer, int bytes)
    {
        stream.Position = position;
        int filled = 0;
        int read;
        while (filled < bytes && (read = stream.Read(buffer, filled, bytes - filled)) > 0)
        {
            filled += read;
        }

        if (filled < bytes)
        {
            throw new IOException("A spilled index file ended early.");
        }
    }

    public static void Encode(KeyedRecord record, Span<byte> target)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(target, record.Key);
        BinaryPrimitives.WriteInt64LittleEndian(target.Slice(8), record.Value);
    }

    public static KeyedRecord Decode(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(source), BinaryPrimitives.ReadInt64LittleEndian(source.Slice(8)));
}
