using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>Reads a side map written by the input writer, to join results back to their rows.</summary>
public sealed class RowMap
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string?>> _rows = new(StringComparer.Ordinal);

    public static RowMap Load(IEnumerable<string> paths)
    {
        var map = new RowMap();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                continue;
            }

            using var reader = new JsonlLineReader(File.OpenRead(path));
            while (reader.TryReadLine(out ArraySegment<byte> line))
            {
                if (line.Count == 0)
                {
                    continue;
                }

                using JsonDocument document = JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count));
                JsonElement root = document.RootElement;
                var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (JsonProperty property in root.GetProperty("row").EnumerateObject())
                {
                    row[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }

                map._rows[root.GetProperty("custom_id").GetString()!] = row;
            }
        }

        return map;
    }

    public IReadOnlyDictionary<string, string?>? Find(string customId) => _rows.TryGetValue(customId, out var row) ? row : null;
}
