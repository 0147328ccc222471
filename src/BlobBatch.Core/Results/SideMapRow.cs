using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>
/// One line of a side map (<c>{"custom_id":…,"row":{…}}</c>) read into its row: the id, the column
/// names, and the row's values: a null as null, any other value that is not a string as its JSON text.
/// </summary>
internal static class SideMapRow
{
    public static string IdOf(ArraySegment<byte> line) =>
        JsonlIds.CustomIdOf(line) ?? throw new InvalidDataException("A side-map line has no custom_id.");

    /// <summary>The names of the line's row, in its order; none when the line has no row object.</summary>
    public static IReadOnlyList<string> Columns(ArraySegment<byte> line)
    {
        using JsonDocument document = JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count));
        var columns = new List<string>();
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("row", out JsonElement row) && row.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in row.EnumerateObject())
            {
                columns.Add(property.Name);
            }
        }

        return columns;
    }

    /// <summary>
    /// The line's row when its custom_id is <paramref name="customId"/> (empty when it has none), else null,
    /// found out at the line's custom_id.
    /// Read with a reader, not a document: this runs once per result, and a document's index of the whole
    /// line costs more than the row itself.
    /// </summary>
    /// <param name="columns">The side map's columns: a row naming them in this order reuses their strings.</param>
    public static IReadOnlyDictionary<string, string?>? Read(ArraySegment<byte> line, string customId, IReadOnlyList<string> columns)
    {
        var json = new Utf8JsonReader(new ReadOnlySpan<byte>(line.Array, line.Offset, line.Count));
        Dictionary<string, string?>? row = null;
        bool isTheId = false;
        while (json.Read())
        {
            if (json.CurrentDepth != 1 || json.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (json.ValueTextEquals("custom_id"))
            {
                // Compared as it stands in the line: a side map read beside the results passes over
                // the lines of inputs that have no result without making a string of their ids.
                json.Read();
                isTheId = json.TokenType == JsonTokenType.String && json.ValueTextEquals(customId);
                if (!isTheId)
                {
                    return null;
                }
            }
            else if (json.ValueTextEquals("row"))
            {
                json.Read();
                row = json.TokenType == JsonTokenType.StartObject ? ReadProperties(ref json, line, columns) : null;
            }
            else
            {
                json.Read();
                json.Skip();
            }
        }

        return isTheId ? row ?? new Dictionary<string, string?>(StringComparer.Ordinal) : null;
    }

    private static Dictionary<string, string?> ReadProperties(ref Utf8JsonReader json, ArraySegment<byte> line, IReadOnlyList<string> columns)
    {
        var row = new Dictionary<string, string?>(columns.Count, StringComparer.Ordinal);
        int position = 0;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            // Every row names the same columns in the same order: take the column's own string, not a new one.
            string name = position < columns.Count && json.ValueTextEquals(columns[position]) ? columns[position] : json.GetString()!;
            position++;
            json.Read();
            if (json.TokenType == JsonTokenType.String)
            {
                row[name] = json.GetString();
                continue;
            }

            // A property with no value (a pipeline object's $null) is no value, not the text "null".
            if (json.TokenType == JsonTokenType.Null)
            {
                row[name] = null;
                continue;
            }

            int start = (int)json.TokenStartIndex;
            json.Skip();
            row[name] = Encoding.UTF8.GetString(line.Array!, line.Offset + start, (int)json.BytesConsumed - start);
        }

        return row;
    }
}
