using System;
using System.IO;

namespace BlobBatch.Core.IO;

/// <summary>
/// Reads a JSONL stream line by line into a reused buffer, without decoding, so a 200 MB file costs
/// one line's memory. A trailing "\r" is dropped; the last line may lack its line break. A line longer than the limit is not held: its
/// bytes are skipped to the next line break and it is returned empty with <see cref="LineTooLong"/>
/// set. In a file (a seekable stream) a line past 1 MiB is measured first (<see cref="LineLookahead"/>),
/// so a 3 GB file without line breaks costs about a megabyte, not the limit or its size.
/// </summary>
public sealed class JsonlLineReader : IDisposable
{
    /// <summary>Near the largest array .NET allows; a line beyond it could not be held anyway.</summary>
    public const int LargestLine = 0x7FFFFFC0;

    // Lines up to this size grow the buffer by doubling; a longer one in a file is measured first.
    private const int MeasureFrom = 1 << 20;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _measuredTooLong;

    public JsonlLineReader(Stream stream, long maxLineBytes = LargestLine)
    {
        _stream = stream;
        _maxLineBytes = (int)Math.Max(1, Math.Min(maxLineBytes, LargestLine));
    }

    public long LineNumber { get; private set; }

    /// <summary>Whether the line last returned was longer than the limit (and so returned empty).</summary>
    public bool LineTooLong { get; private set; }

    public int MaxLineBytes => _maxLineBytes;

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
        LineTooLong = false;
        int scanFrom = _start;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0 && newline - _start <= _maxLineBytes)
            {
                line = Trim(_start, newline);
                _start = newline + 1;
                LineNumber++;
                return true;
            }

            if (newline >= 0 || _end - _start > _maxLineBytes)
            {
                SkipPast(newline);
                line = new ArraySegment<byte>(_buffer, _start, 0);
                LineNumber++;
                LineTooLong = true;
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
            if (_measuredTooLong)
            {
                _measuredTooLong = false;
                SkipPast(-1);
                line = new ArraySegment<byte>(_buffer, _start, 0);
                LineNumber++;
                LineTooLong = true;
                return true;
            }
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

    // Drops the overlong line: up to its line break (at newline, when already read), else reading on until one.
    private void SkipPast(int newline)
    {
        while (newline < 0)
        {
            _start = _end = 0;
            Fill();
            if (_eof)
            {
                return;
            }

            newline = Array.IndexOf(_buffer, (byte)'\n', 0, _end);
        }

        _start = newline + 1;
    }

    // Moves the unread bytes to the front, grows the buffer for long lines (up to the limit), and reads more.
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
            // Room for the longest line and its line break; never past what an array can hold.
            long grown = Math.Min((long)_buffer.Length * 2, (long)_maxLineBytes + 2);
            if (_buffer.Length >= MeasureFrom && _stream.CanSeek)
            {
                long length = LineLookahead.Length(_stream, _end, _maxLineBytes);
                if (length > _maxLineBytes)
                {
                    // Known to hold no line break: skipped without being read again.
                    _stream.Position += length - _end;
                    _measuredTooLong = true;
                    return;
                }

                grown = length + 2;
            }

            Array.Resize(ref _buffer, (int)Math.Min(Math.Max(grown, _buffer.Length + 1L), LargestLine + 2L));
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
