using System;
using System.IO;
using System.Text.Json;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input;

/// <summary>
/// The side map from custom_id to the source row, one JSON line per request, so results can be joined
/// back to the user's table later without keeping rows in memory.
/// </summary>
public sealed class RowMapWriter : IDisposable
{
    private readonly string _finalPath;
    private readonly string _tempPath;
    private readonly bool _force;
    private readonly FileStream _stream;

    // The JSON goes to memory first: a writer over the file would flush the file on every row.
    private readonly MemoryStream _line = new();
    private readonly Utf8JsonWriter _writer;
    private bool _completed;

    public RowMapWriter(string path, bool force)
    {
        _finalPath = LocalPaths.Full(path);
        OutputPaths.RequireWritable(_finalPath, force);
        _force = force;
        _tempPath = OutputPaths.TempPathFor(_finalPath);
        _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = new Utf8JsonWriter(_line);
    }

    public string Path => _finalPath;

    public void Add(string customId, IInputRow row)
    {
        _writer.WriteStartObject();
        _writer.WriteString("custom_id", customId);
        _writer.WriteStartObject("row");
        foreach (string name in row.PropertyNames)
        {
            row.TryGetText(name, out string? value);
            _writer.WriteString(name, value);
        }

        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        _line.WriteByte((byte)'\n');
        _stream.Write(_line.GetBuffer(), 0, (int)_line.Length);
        _line.SetLength(0);
        _writer.Reset(_line);
    }

    public void Complete()
    {
        _writer.Dispose();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        OutputPaths.MoveIntoPlace(_tempPath, _finalPath, _force);
        _completed = true;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _line.Dispose();
        _stream.Dispose();
        if (!_completed)
        {
            OutputPaths.DeleteQuietly(_tempPath);
        }
    }
}
