using System;
using System.Buffers.Binary;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results.Ordering;

/// <summary>
/// Results parked on disk until their turn: each one a length-prefixed JSON record in a temporary
/// file that is gone when closed, found again by the offset <see cref="Append"/> returned.
/// </summary>
internal sealed class ResultSpill : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly FileStream _file;
    private readonly byte[] _length = new byte[4];
    private byte[] _record = new byte[1 << 12];

    public ResultSpill()
    {
        // Buffered both ways: records are written in a row, and mostly read back nearly in the same order.
        string path = Path.Combine(Path.GetTempPath(), "blobbatch-results-" + Path.GetRandomFileName());
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    public long Append(BatchResult result)
    {
        long offset = _file.Length;
        _file.Position = offset;
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(result, Json);
        BinaryPrimitives.WriteInt32LittleEndian(_length, json.Length);
        _file.Write(_length, 0, _length.Length);
        _file.Write(json, 0, json.Length);
        return offset;
    }

    public BatchResult Read(long offset)
    {
        RecordBlocks.ReadExactly(_file, offset, _length, _length.Length);
        int length = BinaryPrimitives.ReadInt32LittleEndian(_length);
        if (_record.Length < length)
        {
            _record = new byte[Math.Max(length, _record.Length * 2)];
        }

        RecordBlocks.ReadExactly(_file, offset + _length.Length, _record, length);
        return JsonSerializer.Deserialize<BatchResult>(new ReadOnlySpan<byte>(_record, 0, length), Json)!;
    }

    public void Dispose() => _file.Dispose();
}
