using System;
using System.Collections.Generic;
using System.IO;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>
/// Joins results back to their source rows without holding the rows: an index from each custom_id's
/// 64-bit hash to where its line starts in the side map, read from disk on demand. The index is an
/// external sort, so memory stays flat however many rows there are; two ids that share a hash both
/// stay findable, since a row is only returned when its own custom_id matches.
/// </summary>
public sealed class RowIndex : IDisposable
{
    private const int FileShift = 48;
    private readonly List<FileStream> _files = new();
    private readonly ExternalRecordSort _sort = new(ExternalRecordSort.LookupWindow);
    private SortedRecordLookup? _locations;
    private readonly List<string> _columns = new();
    // The last block read from a side map: results mostly come in input order, so the next row is
    // usually already here, and one read serves dozens of lookups instead of one each.
    private byte[] _buffer = new byte[1 << 14];
    private int _bufferFile = -1;
    private long _bufferStart;
    private int _bufferFilled;

    public IReadOnlyList<string> Columns => _columns;

    public long Count => _sort.Count;

    public static RowIndex Build(IEnumerable<string> paths) => Build(paths, youngGeneration: null);

    /// <param name="youngGeneration">The save's pacer, ticked per side-map line: a million rows' ids are garbage the moment they are hashed.</param>
    internal static RowIndex Build(IEnumerable<string> paths, YoungGenerationPacer? youngGeneration)
    {
        var index = new RowIndex();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                index.Add(path, youngGeneration);
            }
        }

        index._locations = index._sort.ToLookup();
        return index;
    }

    public IReadOnlyDictionary<string, string?>? Find(string customId)
    {
        foreach (long location in _locations!.ValuesOf(JsonlIds.HashOf(customId)))
        {
            IReadOnlyDictionary<string, string?>? row = ReadRow(location, customId);
            if (row is not null)
            {
                return row;
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (FileStream file in _files)
        {
            file.Dispose();
        }

        _locations?.Dispose();
        _sort.Dispose();
    }

    private void Add(string path, YoungGenerationPacer? youngGeneration)
    {
        int fileIndex = _files.Count;
        // Unbuffered: ReadLine keeps its own block of the side map.
        _files.Add(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess));
        using var reader = new JsonlLineReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        long offset = 0;
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            long start = offset;
            offset += line.Count + 1;
            if (line.Count == 0)
            {
                continue;
            }

            string id = SideMapRow.IdOf(line);
            if (_columns.Count == 0)
            {
                _columns.AddRange(SideMapRow.Columns(line));
            }

            _sort.Add(JsonlIds.HashOf(id), ((long)fileIndex << FileShift) | start);
            youngGeneration?.Tick();
        }
    }

    private IReadOnlyDictionary<string, string?>? ReadRow(long location, string customId) =>
        SideMapRow.Read(ReadLine(location), customId, _columns);

    private ArraySegment<byte> ReadLine(long location)
    {
        int fileIndex = (int)(location >> FileShift);
        long offset = location & ((1L << FileShift) - 1);
        if (fileIndex == _bufferFile && offset >= _bufferStart && offset < _bufferStart + _bufferFilled)
        {
            int start = (int)(offset - _bufferStart);
            int newline = Array.IndexOf(_buffer, (byte)'\n', start, _bufferFilled - start);
            if (newline >= 0)
            {
                return new ArraySegment<byte>(_buffer, start, newline - start);
            }
        }

        FileStream file = _files[fileIndex];
        file.Position = offset;
        _bufferFile = fileIndex;
        _bufferStart = offset;
        _bufferFilled = 0;
        while (true)
        {
            if (_bufferFilled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read = file.Read(_buffer, _bufferFilled, _buffer.Length - _bufferFilled);
            int newline = Array.IndexOf(_buffer, (byte)'\n', _bufferFilled, read);
            _bufferFilled += read;
            if (newline >= 0 || read == 0)
            {
                return new ArraySegment<byte>(_buffer, 0, newline >= 0 ? newline : _bufferFilled);
            }
        }
    }
}
