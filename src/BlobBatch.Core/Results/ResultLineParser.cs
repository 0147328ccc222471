using System.Text;
using System.Text.Json;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Results;

/// <summary>
/// Reads one line of results.jsonl or errors.jsonl into a <see cref="BatchResult"/>: chat, responses
/// and embeddings bodies, HTTP-level failures (status and error body) and non-HTTP ones (error object).
/// </summary>
public static class ResultLineParser
{
    public static BatchResult Parse(JsonElement line, string? batchId)
    {
        var result = new BatchResult { CustomId = Text(line, "custom_id") ?? string.Empty, BatchId = batchId };
        if (line.TryGetProperty("response", out JsonElement response) && response.ValueKind == JsonValueKind.Object)
        {
            result.StatusCode = response.TryGetProperty("status_code", out JsonElement status) && status.TryGetInt32(out int code) ? code : null;
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
            result.FinishReason = Text(first, "finish_reason");
            if (first.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.Object)
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
            && data[0].TryGetProperty("embedding", out JsonElement embedding))
        {
            result.Content = embedding.GetRawText();
        }

        result.Model = Text(body, "model");
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
}
