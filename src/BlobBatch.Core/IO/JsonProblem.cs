using System;
using System.Text.Json;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.IO;

/// <summary>
/// Says why a JSON line was refused in words a user can act on: too deep, a repeated property name,
/// or not JSON at all. Found by looking again at the line (only once it failed), not from the
/// parser's message text.
/// </summary>
public static class JsonProblem
{
    public static string Describe(ReadOnlyMemory<byte> json, JsonException ex, int maxDepth)
    {
        if (DeepestLevel(json.Span) > maxDepth)
        {
            return $"the line nests JSON deeper than {maxDepth} levels, more than is read";
        }

        if (ParsesWithRepeatedNames(json, maxDepth))
        {
            return "the line repeats a property name, so which value counts is ambiguous (" + MessageText.FirstLine(ex.Message) + ")";
        }

        return $"the line is not valid JSON ({MessageText.FirstLine(ex.Message)})";
    }

    private static int DeepestLevel(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        int deepest = 0;
        try
        {
            while (reader.Read())
            {
                deepest = Math.Max(deepest, reader.CurrentDepth + (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? 1 : 0));
            }
        }
        catch (JsonException)
        {
            // Broken further on: the depth reached so far is what counts.
        }

        return deepest;
    }

    private static bool ParsesWithRepeatedNames(ReadOnlyMemory<byte> json, int maxDepth)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = true });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

}
