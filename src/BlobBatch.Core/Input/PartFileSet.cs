using System;
using System.Collections.Generic;
using System.IO;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input;

/// <summary>
/// Writes request lines into as many part files as the limits need. Parts are written to temporary
/// files beside the target and renamed only on <see cref="Complete"/>, so a failure leaves nothing
/// half-written. One part is named as the target; several are named stem.part001.jsonl and onwards.
/// </summary>
public sealed class PartFileSet : IDisposable
{
    private static readonly ArraySegment<byte> NewLine = new(new[] { (byte)'\n' });

    private readonly string _targetPath;
    private readonly SplitLimits _limits;
    private readonly bool _force;
    private readonly List<OpenPart> _parts = new();
    private bool _completed;

    public PartFileSet(string targetPath, SplitLimits limits, bool force, bool checkTargetNow = true)
    {
        _targetPath = LocalPaths.Full(targetPath);
        _limits = limits;
        _force = force;
        if (checkTargetNow)
        {
            // Fail before a long write rather than after it.
            OutputPaths.RequireWritable(_targetPath, force);
        }
    }

    public int TotalRequests { get; private set; }

    /// <summary>
    /// Appends one line (without its line break) that is estimated at <paramref name="tokens"/> input
    /// tokens; returns the index of the part it went to.
    /// </summary>
    public int Append(ArraySegment<byte> line, long tokens, string where)
    {
        long lineBytes = line.Count + 1;
        if (lineBytes > _limits.MaxBytes)
        {
            throw new BlobBatchException(
                "LineTooLarge", ErrorKind.InvalidData,
                $"{where} is {lineBytes:N0} bytes, more than a whole input file may hold ({_limits.MaxBytes:N0}).", where);
        }

        OpenPart part = CurrentPartFor(lineBytes, tokens);
        part.Write(line);
        part.Write(NewLine);
        part.Requests++;
        part.Tokens += tokens;
        TotalRequests++;
        return _parts.Count - 1;
    }

    /// <summary>Adds tokens counted after the fact (off the writing thread) to a part.</summary>
    public void AddTokens(int partIndex, long tokens) => _parts[partIndex].Tokens += tokens;

    public IReadOnlyList<BatchInputPart> Complete()
    {
        if (_parts.Count == 0)
        {
            throw new BlobBatchException("EmptyInput", ErrorKind.InvalidData, "The input has no requests (the service would fail it with empty_file).");
        }

        var finished = new List<(OpenPart Part, string FinalPath)>();
        for (int i = 0; i < _parts.Count; i++)
        {
            string finalPath = _parts.Count == 1 ? _targetPath : PartPath(i + 1, _parts.Count);
            OutputPaths.RequireWritable(finalPath, _force);
            _parts[i].Close();
            finished.Add((_parts[i], finalPath));
        }

        var result = new List<BatchInputPart>();
        foreach ((OpenPart part, string finalPath) in finished)
        {
            OutputPaths.MoveIntoPlace(part.TempPath, finalPath, _force);
            result.Add(new BatchInputPart(finalPath, result.Count + 1, finished.Count, part.Requests, part.Bytes, part.Tokens));
        }

        _completed = true;
        return result;
    }

    public void Dispose()
    {
        foreach (OpenPart part in _parts)
        {
            part.Dispose();
            if (!_completed)
            {
                OutputPaths.DeleteQuietly(part.TempPath);
            }
        }
    }

    private OpenPart CurrentPartFor(long lineBytes, long tokens)
    {
        OpenPart? current = _parts.Count == 0 ? null : _parts[_parts.Count - 1];
        bool full = current is not null && (current.Requests + 1 > _limits.MaxRequests
            || current.Bytes + lineBytes > _limits.MaxBytes
            || (_limits.MaxTokens is long budget && current.Requests > 0 && current.Tokens + tokens > budget));
        if (full && !_limits.AllowSplit)
        {
            throw new BlobBatchException(
                "TooManyTasks", ErrorKind.InvalidData,
                $"The input does not fit one file ({_limits.MaxRequests:N0} requests, {_limits.MaxBytes:N0} bytes{(_limits.MaxTokens is long t ? $", {t:N0} tokens" : string.Empty)}); the service would fail it with too_many_tasks. Leave out -NoSplit to split it.",
                _targetPath);
        }

        if (current is null || full)
        {
            current = new OpenPart(OutputPaths.TempPathFor(_targetPath));
            _parts.Add(current);
        }

        return current;
    }

    private string PartPath(int number, int count)
    {
        string directory = Path.GetDirectoryName(_targetPath)!;
        string stem = Path.GetFileNameWithoutExtension(_targetPath);
        string extension = Path.GetExtension(_targetPath);
        string digits = number.ToString(new string('0', Math.Max(3, count.ToString().Length)));
        return Path.Combine(directory, $"{stem}.part{digits}{extension}");
    }

    private sealed class OpenPart : IDisposable
    {
        private const int BufferSize = 1 << 16;

        private readonly FileStream _stream;

        // Lines are short: writing them one by one costs more in calls than in bytes.
        private readonly byte[] _buffer = new byte[BufferSize];
        private int _buffered;

        public OpenPart(string tempPath)
        {
            TempPath = tempPath;
            _stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        }

        public string TempPath { get; }

        public int Requests { get; set; }

        public long Bytes { get; private set; }

        public long Tokens { get; set; }

        public void Write(ArraySegment<byte> bytes)
        {
            if (_buffered + bytes.Count > BufferSize)
            {
                FlushBuffer();
            }

            if (bytes.Count > BufferSize)
            {
                _stream.Write(bytes.Array!, bytes.Offset, bytes.Count);
            }
            else
            {
                Buffer.BlockCopy(bytes.Array!, bytes.Offset, _buffer, _buffered, bytes.Count);
                _buffered += bytes.Count;
            }

            Bytes += bytes.Count;
        }

        public void Close()
        {
            FlushBuffer();
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
        }

        public void Dispose() => _stream.Dispose();

        private void FlushBuffer()
        {
            _stream.Write(_buffer, 0, _buffered);
            _buffered = 0;
        }
    }
}
