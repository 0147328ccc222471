using System;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>
/// Reads a JSONL stream line by line into a reused buffer, without decoding, so a 200 MB file costs
/// one line's memory. A trailing "\r" is dropped; the last line may lack its line break.
/// </summary>
public sealed class JsonlLineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    public JsonlLineReader(Stream stream) => _stream = stream;

    public long LineNumber { get; private set; }

    /// <summary>The bytes of the stream's first line read so far, for BOM checks before any line is taken.</summary>
    public ArraySegment<byte> Peek(int count)
    {
        while (_end - _start < count && !_eof)
        {
            Fill();
        }

        return new ArraySegment<byte>(_buffer, _start, Math.Min(count, _end - _start));
    }

    /// <summary>The next line, valid until the next call; false at the end.</summary>
    public bool TryReadLine(out ArraySegment<byte> line)
    {
        int scanFrom = _start;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                line = Trim(_start, newline);
                _start = newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    line = Trim(_start, _end);
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            scanFrom = _end - _start;
            Fill();
            scanFrom += _start;
        }
    }

    public void Dispose() => _stream.Dispose();

    private ArraySegment<byte> Trim(int from, int to)
    {
        if (to > from && _buffer[to - 1] == (byte)'\r')
        {
            to--;
        }

        return new ArraySegment<byte>(_buffer, from, to - from);
    }

    // Moves the unread bytes to the front, grows the buffer for long lines, and reads more.
    private void Fill()
    {
        int unread = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            _start = 0;
            _end = unread;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
