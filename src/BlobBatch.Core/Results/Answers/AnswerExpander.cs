using System;
using System.Collections.Generic;
using System.Text.Json;

namespace BlobBatch.Core.Results.Answers;

/// <summary>Turns each answer that is a JSON object into values for the run's answer fields; any other answer into the reason it has none.</summary>
public sealed class AnswerExpander
{
    private readonly IReadOnlyList<string> _fields;
    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);

    public AnswerExpander(IReadOnlyList<string> fields)
    {
        _fields = fields;
        for (int i = 0; i < fields.Count; i++)
        {
            _indexOf[fields[i]] = i;
        }
    }

    public ExpandedAnswer Expand(BatchResult result)
    {
        var values = new object?[_fields.Count];
        string? problem = WhyNoAnswer(result);
        if (problem is not null)
        {
            return new ExpandedAnswer(values, problem);
        }

        using JsonDocument? document = AnswerJson.TryParse(result.Content!, out problem);
        if (document is null)
        {
            return new ExpandedAnswer(values, result.FinishReason == "length" ? "the answer was cut off (finish_reason length) before its JSON ended" : problem);
        }

        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ExpandedAnswer(values, $"the answer is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (_indexOf.TryGetValue(property.Name, out int index))
            {
                values[index] = ValueOf(property.Value);
            }
        }

        return new ExpandedAnswer(values, null);
    }

    private static string? WhyNoAnswer(BatchResult result)
    {
        if (result.ErrorCode == ResultSaver.NotRunCode)
        {
            return "the request did not run";
        }

        if (!result.Succeeded)
        {
            return $"the request failed ({result.ErrorCode ?? result.StatusCode?.ToString() ?? "no status"})";
        }

        return string.IsNullOrEmpty(result.Content) ? "the answer is empty" : null;
    }

    // As ConvertFrom-Json types them, but flat: a nested object or array stays JSON text, so it fits one CSV cell.
    private static object? ValueOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out long whole) => whole,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
