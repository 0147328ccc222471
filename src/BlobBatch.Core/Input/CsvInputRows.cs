using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using BlobBatch.Core.IO;
using Sylvan.Data.Csv;

namespace BlobBatch.Core.Input;

/// <summary>
/// Reads a CSV file row by row with a real CSV parser (quotes, embedded line breaks), so the
/// direct path never builds a PowerShell object per row. One row object is reused.
/// </summary>
public sealed class CsvInputRows : IDisposable
{
    private readonly CsvDataReader _reader;
    private readonly Row _row;

    public CsvInputRows(string path, char? delimiter = null)
    {
        TextReader text = new StreamReader(InputFiles.OpenRead(path), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

        var options = new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 16 };
        if (delimiter is char d)
        {
            options.Delimiter = d;
        }

        _reader = CsvDataReader.Create(text, options);
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<string>();
        for (int i = 0; i < _reader.FieldCount; i++)
        {
            string name = _reader.GetName(i);
            if (!names.ContainsKey(name))
            {
                names[name] = i;
                ordered.Add(name);
            }
        }

        _row = new Row(_reader, names, ordered);
    }

    public IReadOnlyList<string> Columns => _row.Names;

    /// <summary>The next row, or null at the end. The object is reused: read it before asking for the next.</summary>
    public IInputRow? Next()
    {
        if (!_reader.Read())
        {
            return null;
        }

        _row.Advance();
        return _row;
    }

    public void Dispose() => _reader.Dispose();

    private sealed class Row : IInputRow
    {
        private readonly CsvDataReader _reader;
        private readonly Dictionary<string, int> _ordinals;

        // The current row's fields as read so far: the template, the id and the side map each ask for
        // some, and a field read once is not decoded into a second string (a ticket body is kilobytes).
        private readonly string?[] _values;

        public Row(CsvDataReader reader, Dictionary<string, int> ordinals, List<string> names)
        {
            _reader = reader;
            _ordinals = ordinals;
            Names = names;
            _values = new string?[reader.FieldCount];
        }

        public List<string> Names { get; }

        public long RowNumber { get; private set; }

        public void Advance()
        {
            RowNumber++;
            Array.Clear(_values, 0, _values.Length);
        }

        public IEnumerable<string> PropertyNames => Names;

        public bool TryGetText(string name, out string? value)
        {
            if (_ordinals.TryGetValue(name, out int ordinal))
            {
                value = _values[ordinal] ??= ordinal < _reader.RowFieldCount ? _reader.GetString(ordinal) : string.Empty;
                return true;
            }

            value = null;
            return false;
        }
    }
}
