using System;
using System.IO;
using System.Text;

namespace BlobBatch.Core.Results.Ordering;

/// <summary>
/// Results parked on disk until their turn, in a temporary file that is gone when closed, each found
/// again by the offset <see cref="Append"/> returned. A compact binary record (which fields are set,
/// then their values) rather than JSON: it is written and read once per request, so its cost is the
/// merge's cost.
/// </summary>
internal sealed class ResultSpill : IDisposable
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly BinaryReader _reader;
    private readonly RepeatedText _repeated = new();
    private long _end;
    private bool _reading;

    public ResultSpill()
    {
        // Buffered both ways: records are written in a row, and mostly read back nearly in the same order.
        string path = Path.Combine(Path.GetTempPath(), "blobbatch-results-" + Path.GetRandomFileName());
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
        _reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
    }

    public long Append(BatchResult result)
    {
        if (_reading)
        {
            throw new InvalidOperationException("Results cannot be parked after they were first read.");
        }

        long offset = _end;
        if (_file.Position != offset)
        {
            _file.Position = offset;
        }

        ResultRecord.Write(_writer, result, _repeated);
        _end = _file.Position;
        return offset;
    }

    public BatchResult Read(long offset)
    {
        // Flushed once: a flush discards the stream's read buffer, and records are mostly read one after another.
        if (!_reading)
        {
            _writer.Flush();
            _reading = true;
        }

        if (_file.Position != offset)
        {
            _file.Position = offset;
        }

        return ResultRecord.Read(_reader, _repeated);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
        _file.Dispose();
    }
}
