using System;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace BlobBatch.Core.IO;

/// <summary>Reads the top-level custom_id of a JSONL line (request, result or side-map line) without parsing the rest.</summary>
public static class JsonlIds
{
    /// <summary>
    /// The 64-bit hash every id check, join and reconciliation keeps instead of the id itself (a false
    /// match needs a collision: about 1 in 10^7 at a million ids).
    /// </summary>
    public static ulong HashOf(string customId) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(customId));

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
