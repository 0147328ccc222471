using System;
using System.Text.Json;

namespace BlobBatch.Core.IO;

/// <summary>Reads the top-level custom_id of a JSONL line (request, result or side-map line) without parsing the rest.</summary>
public static class JsonlIds
{
    public static string? CustomIdOf(ArraySegment<byte> line)
    {
        var json = new Utf8JsonReader(new ReadOnlySpan<byte>(line.Array, line.Offset, line.Count));
        while (json.Read())
        {
            if (json.CurrentDepth == 1 && json.TokenType == JsonTokenType.PropertyName && json.ValueTextEquals("custom_id"))
            {
                json.Read();
                return json.TokenType == JsonTokenType.String ? json.GetString() : null;
            }
        }

        return null;
    }
}
