using System;
using System.Buffers;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>
/// How long the line being read is, found by reading ahead in a seekable stream and rewinding, so
/// that a long line is held in one allocation (no doubling) and one over the limit is never held.
/// </summary>
internal static class LineLookahead
{
    private const int ScanBytes = 1 << 16;

    /// <summary>
    /// The line's length without its line break, counting <paramref name="readSoFar"/> bytes already
    /// taken from the stream; more than <paramref name="limit"/> once it passes it (scanning stops there).
    /// The stream's position is left where it was.
    /// </summary>
    public static long Length(Stream stream, long readSoFar, long limit)
    {
        long origin = stream.Position;
        long length = readSoFar;
        byte[] scan = ArrayPool<byte>.Shared.Rent(ScanBytes);
        try
        {
            int read;
            while (length <= limit && (read = stream.Read(scan, 0, ScanBytes)) > 0)
            {
                int newline = Array.IndexOf(scan, (byte)'\n', 0, read);
                if (newline >= 0)
                {
                    return length + newline;
                }

                length += read;
            }

            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scan);
            stream.Position = origin;
        }
    }
}
