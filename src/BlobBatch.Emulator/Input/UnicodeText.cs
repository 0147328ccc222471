using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Input;

/// <summary>
/// JSON lets "\ud800" stand alone, but such a string is not text: reading it throws. Every string of a
/// line is read once at validation, so a broken one fails the line there rather than the batch later.
/// </summary>
public static class UnicodeText
{
    /// <summary>Throws InvalidOperationException at the first string (or property name) that is not Unicode text.</summary>
    public static void Require(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                foreach (KeyValuePair<string, JsonNode?> property in item)
                {
                    Require(property.Value);
                }

                break;
            case JsonArray list:
                foreach (JsonNode? element in list)
                {
                    Require(element);
                }

                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                value.GetValue<string>();
                break;
        }
    }
}
