using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>
/// Writes results joined to their rows as RFC 4180 CSV (UTF-8, no BOM), atomically. With
/// <c>escapeFormulas</c> a cell a spreadsheet would run as a formula is written as text
/// (<see cref="CsvFormulas"/>).
/// </summary>
public sealed class CsvResultWriter : IDisposable
{
    // What makes a field need quotes; one array for every field (IndexOfAny(new[] {…}) made one per field).
    private static readonly char[] NeedsQuotes = { ',', '"', '\r', '\n' };

    private readonly string _path;
    private readonly string _temp;
    private readonly bool _force;
    private readonly bool _escapeFormulas;
    private readonly StreamWriter _writer;
    private bool _completed;

    public CsvResultWriter(string path, JoinedColumns columns, bool force, bool escapeFormulas = false)
    {
        _path = LocalPaths.Full(path);
        OutputPaths.RequireWritable(_path, force);
        _force = force;
        _escapeFormulas = escapeFormulas;
        _temp = OutputPaths.TempPathFor(_path);
        _writer = new StreamWriter(new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false)) { NewLine = "\r\n" };
        WriteRecord(columns.AllNames.ToList<object?>());
    }

    /// <summary>One record: a value per column, in the order of <see cref="JoinedColumns.AllNames"/>.</summary>
    public void Write(IReadOnlyList<object?> values) => WriteRecord(values);

    public void Complete()
    {
        _writer.Dispose();
        OutputPaths.MoveIntoPlace(_temp, _path, _force);
        _completed = true;
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (!_completed)
        {
            OutputPaths.DeleteQuietly(_temp);
        }
    }

    private void WriteRecord(IReadOnlyList<object?> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            string text = Format(values[i]);
            WriteField(_escapeFormulas ? CsvFormulas.Escape(text) : text);
        }

        _writer.WriteLine();
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "True" : "False",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private void WriteField(string text)
    {
        if (text.IndexOfAny(NeedsQuotes) < 0)
        {
            _writer.Write(text);
            return;
        }

        _writer.Write('"');
        _writer.Write(text.Replace("\"", "\"\""));
        _writer.Write('"');
    }
}
