using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Backends;

/// <summary>Builds a value that satisfies a JSON schema (the subset structured outputs allow), so clients can parse it.</summary>
public static class SchemaInstanceBuilder
{
    private const int MaxDepth = 12;

    public static JsonNode? Build(JsonNode? schema, string text) => Build(schema, schema, text, 0);

    private static JsonNode? Build(JsonNode? schema, JsonNode? root, string text, int depth)
    {
        if (schema is not JsonObject node || depth > MaxDepth)
        {
            return text;
        }

        if (node["$ref"] is JsonValue reference && reference.TryGetValue(out string? path))
        {
            return Build(Resolve(root, path), root, text, depth + 1);
        }

        if (node.TryGetPropertyValue("const", out JsonNode? constant))
        {
            return constant?.DeepClone();
        }

        if (node["enum"] is JsonArray { Count: > 0 } choices)
        {
            return choices[0]?.DeepClone();
        }

        if ((node["anyOf"] ?? node["oneOf"]) is JsonArray alternatives)
        {
            JsonNode? chosen = alternatives.FirstOrDefault(a => TypeOf(a) != "null") ?? alternatives.FirstOrDefault();
            return Build(chosen, root, text, depth + 1);
        }

        return TypeOf(node) switch
        {
            "object" => BuildObject(node, root, text, depth),
            "array" => BuildArray(node, root, text, depth),
            "integer" => JsonValue.Create(IntegerIn(node)),
            "number" => JsonValue.Create((double)IntegerIn(node)),
            "boolean" => JsonValue.Create(true),
            "null" => null,
            _ => JsonValue.Create(StringFor(node, text)),
        };
    }

    private static JsonObject BuildObject(JsonObject schema, JsonNode? root, string text, int depth)
    {
        var result = new JsonObject();
        if (schema["properties"] is JsonObject properties)
        {
            // Strict structured outputs require every property, so fill them all.
            foreach ((string name, JsonNode? property) in properties)
            {
                result[name] = Build(property, root, text, depth + 1);
            }
        }

        return result;
    }

    private static JsonArray BuildArray(JsonObject schema, JsonNode? root, string text, int depth)
    {
        int count = Math.Max(1, (int?)Number(schema["minItems"]) ?? 1);
        var result = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            result.Add(Build(schema["items"], root, text, depth + 1));
        }

        return result;
    }

    private static long IntegerIn(JsonObject schema)
    {
        double? minimum = Number(schema["minimum"]);
        double? exclusive = Number(schema["exclusiveMinimum"]);
        double? maximum = Number(schema["maximum"]);
        long value = minimum is double min ? (long)Math.Ceiling(min) : exclusive is double ex ? (long)Math.Floor(ex) + 1 : 0;
        return maximum is double max && value > max ? (long)Math.Floor(max) : value;
    }

    private static string StringFor(JsonObject schema, string text)
    {
        string value = (schema["format"] as JsonValue)?.GetValue<string>() switch
        {
            "date-time" => "2026-01-01T00:00:00Z",
            "date" => "2026-01-01",
            "time" => "00:00:00",
            "email" => "echo@example.com",
            "uri" => "https://example.com/echo",
            "uuid" => "00000000-0000-4000-8000-000000000000",
            _ => text,
        };
        int minLength = (int?)Number(schema["minLength"]) ?? 0;
        int maxLength = (int?)Number(schema["maxLength"]) ?? int.MaxValue;
        if (value.Length < minLength)
        {
            value = value.PadRight(minLength, 'x');
        }

        return value.Length > maxLength ? value[..maxLength] : value;
    }

    private static string? TypeOf(JsonNode? schema)
    {
        JsonNode? type = (schema as JsonObject)?["type"];
        return type switch
        {
            JsonValue value when value.TryGetValue(out string? name) => name,
            JsonArray names => names.Select(n => n?.GetValue<string>()).FirstOrDefault(n => n != "null") ?? "null",
            _ => (schema as JsonObject)?["properties"] is not null ? "object" : null,
        };
    }

    private static JsonNode? Resolve(JsonNode? root, string path)
    {
        if (!path.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? current = root;
        foreach (string segment in path[2..].Split('/'))
        {
            current = (current as JsonObject)?[segment.Replace("~1", "/").Replace("~0", "~")];
        }

        return current;
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out double number) ? number : null;
}
