using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Input;

/// <summary>
/// -ExtraBody: body fields passed through unchanged (seed, top_p, service_tier, and whatever the
/// service adds next). A field BlobBatch writes itself would appear twice, and a line with a
/// repeated key is ambiguous, so such a field is refused with the parameter to use instead.
/// </summary>
internal static class ExtraBody
{
    public static JsonDocument Parse(string json, IEnumerable<string> ownFields)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Invalid($"it is not JSON ({ex.Message})");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Invalid("it is not an object of field names and values");
        }

        var own = new HashSet<string>(ownFields, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty field in document.RootElement.EnumerateObject())
        {
            string name = field.Name;
            if (own.Contains(name) || !seen.Add(name))
            {
                document.Dispose();
                throw new BlobBatchException(
                    "ExtraBodyConflict", ErrorKind.InvalidArgument,
                    $"-ExtraBody names '{name}', which BlobBatch already writes on every line ({string.Join(", ", own.OrderBy(f => f, StringComparer.Ordinal))}); " +
                    "set it with its own parameter (-MaxTokens, -Temperature, -ReasoningEffort, -ResponseFormat) or leave that parameter out.",
                    name);
            }
        }

        return document;
    }

    private static BlobBatchException Invalid(string why) =>
        new("InvalidExtraBody", ErrorKind.InvalidArgument, $"-ExtraBody cannot be used: {why}. Give a hashtable such as @{{ seed = 7; top_p = 0.9 }}.");
}
