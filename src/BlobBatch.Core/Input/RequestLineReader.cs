using System;
using System.Text;
using System.Text.Json;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input;

/// <summary>What one request line says, once its own rules are checked.</summary>
public readonly struct RequestLineFacts
{
    public RequestLineFacts(string customId, string url, string model, long tokens)
    {
        CustomId = customId;
        Url = url;
        Model = model;
        Tokens = tokens;
    }

    public string CustomId { get; }

    public string Url { get; }

    public string Model { get; }

    /// <summary>Estimated input tokens: the messages' or input's text, with the chat overhead.</summary>
    public long Tokens { get; }
}

/// <summary>
/// The rules one request line must meet by itself (UTF-8, JSON, the fields the service needs, POST),
/// and its token estimate. Depends on no other line, so lines can be read on several threads; the
/// rules between lines are <see cref="RequestLineInspector"/>'s.
/// </summary>
public static class RequestLineReader
{
    /// <summary>Deeper than any real request (the reader's default, 64, refused valid lines); deeper still is refused by name.</summary>
    public const int MaxDepth = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A repeated name ("custom_id" twice) makes the line mean two things: which id, which model? Refused.
    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    public static RequestLineFacts Read(ArraySegment<byte> line, string where, TokenCounter tokens)
    {
        try
        {
            return ReadChecked(line, where, tokens);
        }
        catch (InvalidOperationException)
        {
            // The parser takes "\ud800" alone; only reading the string finds it is not Unicode text.
            throw InputErrors.Line("InvalidJsonLine", "invalid_json_line", where, "a string holds a \\u escape that is not Unicode text (a lone surrogate such as \\ud800)");
        }
    }

    private static RequestLineFacts ReadChecked(ArraySegment<byte> line, string where, TokenCounter tokens)
    {
        using JsonDocument document = Parse(line, where);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InputErrors.Line("InvalidRequestLine", "invalid_request", where, "the line is not a JSON object");
        }

        string customId = RequireString(root, "custom_id", where);
        string method = RequireString(root, "method", where);
        string url = RequireString(root, "url", where);
        if (!root.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
        {
            throw InputErrors.Line("InvalidRequestLine", "invalid_request", where, "the line has no 'body' object");
        }

        string model = RequireString(body, "model", where);
        if (method != "POST")
        {
            throw InputErrors.Line("InvalidRequestLine", "invalid_request", where, $"method is '{method}'; batch requests must be POST");
        }

        return new RequestLineFacts(customId, url, model, EstimateTokens(body, tokens));
    }

    private static JsonDocument Parse(ArraySegment<byte> line, string where)
    {
        if (Array.IndexOf(line.Array!, (byte)0, line.Offset, line.Count) >= 0)
        {
            throw InputErrors.Line("InputNotUtf8", "invalid_json_line", where, "the line holds NUL bytes; the file looks like UTF-16. Save it as UTF-8 without BOM");
        }

        // The JSON parser checks structure, not the bytes inside strings, so UTF-8 is checked first.
        try
        {
            StrictUtf8.GetCharCount(line.Array!, line.Offset, line.Count);
        }
        catch (DecoderFallbackException)
        {
            throw InputErrors.Line("InvalidUtf8", "invalid_json_line", where, "the line is not valid UTF-8");
        }

        try
        {
            return JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count), LineOptions);
        }
        catch (JsonException ex)
        {
            throw InputErrors.Line("InvalidJsonLine", "invalid_json_line", where, JsonProblem.Describe(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count), ex, MaxDepth));
        }
    }

    private static string RequireString(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.String)
        {
            throw InputErrors.Line("InvalidRequestLine", "invalid_request", where, $"the line has no string '{name}'");
        }

        return value.GetString()!;
    }

    private static long EstimateTokens(JsonElement body, TokenCounter tokens)
    {
        if (body.TryGetProperty("messages", out JsonElement messages) && messages.ValueKind == JsonValueKind.Array)
        {
            return TokenCounter.TokensPerReply + CountMessages(messages, tokens);
        }

        if (body.TryGetProperty("input", out JsonElement input))
        {
            return input.ValueKind == JsonValueKind.Array ? TokenCounter.TokensPerReply + CountMessages(input, tokens) : CountContent(input, tokens);
        }

        return 0;
    }

    private static long CountMessages(JsonElement messages, TokenCounter tokens)
    {
        long total = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            total += TokenCounter.TokensPerMessage;
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out JsonElement content))
            {
                total += CountContent(content, tokens);
            }
            else if (message.ValueKind == JsonValueKind.String)
            {
                total += tokens.Count(message.GetString()!);
            }
        }

        return total;
    }

    // Content is text, or a list of parts of which the text parts count.
    private static long CountContent(JsonElement content, TokenCounter tokens)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return tokens.Count(content.GetString()!);
        }

        long total = 0;
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
                {
                    total += tokens.Count(text.GetString()!);
                }
                else if (part.ValueKind == JsonValueKind.String)
                {
                    total += tokens.Count(part.GetString()!);
                }
            }
        }

        return total;
    }
}
