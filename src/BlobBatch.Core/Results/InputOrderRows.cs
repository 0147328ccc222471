using System;
using System.Collections.Generic;
using System.IO;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>
/// The rows of results that arrive in the order of the input, as a save writes them: the side maps are
/// read once, front to back, beside the results, so no index of them is built and memory stays the
/// same for a million rows as for a thousand. A result whose row is not ahead (one no input has, which
/// a save puts after every input, or results in another order) turns the rest of the join over to a
/// <see cref="RowIndex"/>, which finds any row; the rows found are the same either way.
/// </summary>
internal sealed class InputOrderRows : IDisposable
{
    private readonly IReadOnlyList<string> _paths;
    private readonly YoungGenerationPacer? _youngGeneration;
    private int _nextFile;
    private JsonlLineReader? _reader;
    private string? _currentId;
    private IReadOnlyDictionary<string, string?>? _currentRow;
    private RowIndex? _index;

    private InputOrderRows(IReadOnlyList<string> paths, IReadOnlyList<string> columns, YoungGenerationPacer? youngGeneration)
    {
        _paths = paths;
        Columns = columns;
        _youngGeneration = youngGeneration;
    }

    /// <summary>The columns of the first row that names any, as <see cref="RowIndex.Columns"/> (none when there is none).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Whether a result out of input order made the join look rows up by index.</summary>
    public bool Indexed => _index is not null;

    /// <param name="paths">The side maps in the order of the input; missing ones are skipped.</param>
    public static InputOrderRows Open(IEnumerable<string> paths, YoungGenerationPacer? youngGeneration = null)
    {
        var existing = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                existing.Add(path);
            }
        }

        return new InputOrderRows(existing, FirstColumns(existing), youngGeneration);
    }

    /// <summary>The row of <paramref name="customId"/> (empty when its line has none), or null when no side map has it.</summary>
    public IReadOnlyDictionary<string, string?>? Find(string customId)
    {
        if (_index is null)
        {
            // A repeated result (the same id answered twice) has the row just read.
            if (_currentId == customId)
            {
                return _currentRow;
            }

            while (TryReadLine(out ArraySegment<byte> line))
            {
                _youngGeneration?.Tick();
                IReadOnlyDictionary<string, string?>? row = SideMapRow.Read(line, customId, Columns);
                if (row is not null)
                {
                    _currentId = customId;
                    _currentRow = row;
                    return row;
                }
            }

            _reader?.Dispose();
            _reader = null;
            _index = RowIndex.Build(_paths, _youngGeneration);
        }

        return _index.Find(customId);
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _index?.Dispose();
    }

    private bool TryReadLine(out ArraySegment<byte> line)
    {
        while (true)
        {
            if (_reader is null)
            {
                if (_nextFile == _paths.Count)
                {
                    line = default;
                    return false;
                }

                _reader = Open(_paths[_nextFile++]);
            }

            while (_reader.TryReadLine(out line))
            {
                if (line.Count > 0)
                {
                    return true;
                }
            }

            _reader.Dispose();
            _reader = null;
        }
    }

    private static JsonlLineReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    private static IReadOnlyList<string> FirstColumns(IReadOnlyList<string> paths)
    {
        foreach (string path in paths)
        {
            using JsonlLineReader reader = Open(path);
            while (reader.TryReadLine(out ArraySegment<byte> line))
            {
                IReadOnlyList<string> columns = line.Count > 0 ? SideMapRow.Columns(line) : Array.Empty<string>();
                if (columns.Count > 0)
                {
                    return columns;
                }
            }
        }

        return Array.Empty<string>();
    }
}
