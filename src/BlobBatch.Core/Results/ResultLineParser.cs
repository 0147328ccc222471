using System;
using System.Text;
using System.Text.Json;
using BlobBatch.Core.IO;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Results;

/// <summary>
/// Reads one line of results.jsonl or errors.jsonl into a <see cref="BatchResult"/>: chat, responses
/// and embeddings bodies, HTTP-level failures (status and error body) and non-HTTP ones (error object).
/// Any shape is read without throwing; a line that is not a JSON object is refused by <see cref="TryParse"/>.
/// </summary>
public static class ResultLineParser
{
    /// <summary>Deeper than any answer the service writes; a deeper line is reported, not read.</summary>
    public const int MaxDepth = 256;

    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = MaxDepth };

    // The model and the finish reason repeat on nearly every line: the last value is reused when the
    // line's bytes say the same, rather than made again for each of a million results.
    [ThreadStatic]
    private static string? t_lastModel;

    [ThreadStatic]
    private static string? t_lastFinishReason;

    /// <summary>The line's result, or false and why not (not JSON, not an object, too deep, not Unicode).</summary>
    public static bool TryParse(ArraySegment<byte> line, string? batchId, out BatchResult? result, out string? problem)
    {
        var json = new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count);
        result = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, LineOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = $"the line is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
                return false;
            }

            result = Parse(document.RootElement, batchId);
            problem = null;
            return true;
        }
        catch (JsonException ex)
        {
            problem = JsonProblem.Describe(json, ex, MaxDepth);
        }
        catch (InvalidOperationException)
        {
            problem = "a string in the line is not Unicode text (a lone surrogate escape)";
        }

        return false;
    }

    public static BatchResult Parse(JsonElement line, string? batchId)
    {
        var result = new BatchResult { CustomId = Text(line, "custom_id") ?? string.Empty, BatchId = batchId };
        if (line.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        if (line.TryGetProperty("response", out JsonElement response) && response.ValueKind == JsonValueKind.Object)
        {
            result.StatusCode = Int(response, "status_code");
            result.RequestId = Text(response, "request_id");
            if (response.TryGetProperty("body", out JsonElement body) && body.ValueKind == JsonValueKind.Object)
            {
                ReadBody(body, result);
            }
        }

        if (line.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
        {
            result.ErrorCode ??= Text(error, "code");
            result.ErrorMessage ??= Text(error, "message");
        }

        result.Succeeded = result.StatusCode is >= 200 and < 300 && result.ErrorCode is null;
        return result;
    }

    private static void ReadBody(JsonElement body, BatchResult result)
    {
        if (body.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
        {
            result.ErrorCode = Text(error, "code") ?? Text(error, "type");
            result.ErrorMessage = Text(error, "message");
            return;
        }

        if (body.TryGetProperty("choices", out JsonElement choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            JsonElement first = choices[0];
            result.FinishReason = RepeatedText(first, "finish_reason", ref t_lastFinishReason);
            if (first.ValueKind == JsonValueKind.Object && first.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.Object)
            {
                result.Content = Text(message, "content") ?? Text(message, "refusal");
            }
        }
        else if (body.TryGetProperty("output", out JsonElement output) && output.ValueKind == JsonValueKind.Array)
        {
            result.Content = ResponsesText(output);
            result.FinishReason = Text(body, "status");
        }
        else if (body.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0
            && data[0].ValueKind == JsonValueKind.Object && data[0].TryGetProperty("embedding", out JsonElement embedding))
        {
            result.Content = embedding.GetRawText();
        }

        result.Model = RepeatedText(body, "model", ref t_lastModel);
        if (body.TryGetProperty("usage", out JsonElement usage))
        {
            UsageReader.Read(usage, result);
        }
    }

    private static string? ResponsesText(JsonElement output)
    {
        var text = new StringBuilder();
        foreach (JsonElement item in output.EnumerateArray())
        {
            if (Text(item, "type") != "message" || !item.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (JsonElement part in content.EnumerateArray())
            {
                if (Text(part, "text") is string piece)
                {
                    text.Append(piece);
                }
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? RepeatedText(JsonElement element, string name, ref string? last)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return last is not null && value.ValueEquals(last) ? last : last = value.GetString();
    }

    private static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;
}
