using System;
using System.Text;
using System.Text.Json;

namespace BlobBatch.Core.Input;

/// <summary>
/// Applies the service's line rules to one line at a time, remembering what the file's lines must
/// share (url, deployment) and which ids were used. Reports the first offence with its line.
/// </summary>
public sealed class RequestLineInspector : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _source;
    private readonly string? _expectedDeployment;
    private readonly TokenCounter _tokens;
    private readonly CustomIds _ids;
    private string? _url;

    public RequestLineInspector(string source, string? expectedDeployment, TokenCounter tokens)
    {
        _source = source;
        _expectedDeployment = expectedDeployment;
        _tokens = tokens;
        _ids = new CustomIds(line => $"{source} line {line}");
    }

    /// <summary>After the last line: the id checks that need every line (repeats far apart).</summary>
    public void Finish() => _ids.Finish();

    public void Dispose() => _ids.Dispose();

    public string? Deployment { get; private set; }

    public EndpointKind Endpoint { get; private set; }

    /// <summary>Checks one non-blank line and returns its estimated input tokens.</summary>
    public long Inspect(ArraySegment<byte> line, long lineNumber)
    {
        string where = $"{_source} line {lineNumber}";
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

        _ids.Add(customId, lineNumber);
        CheckUrl(url, where);
        CheckModel(model, where);
        return EstimateTokens(body);
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
            return JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count));
        }
        catch (JsonException ex)
        {
            throw InputErrors.Line("InvalidJsonLine", "invalid_json_line", where, $"the line is not valid JSON ({ex.Message})");
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

    private void CheckUrl(string url, string where)
    {
        if (!EndpointUrls.TryParse(url, out EndpointKind kind))
        {
            throw InputErrors.Line("InvalidRequestLine", "invalid_request", where, $"url '{url}' is not /chat/completions, /responses or /embeddings");
        }

        string normalized = EndpointUrls.Normalize(url);
        if (_url is null)
        {
            _url = normalized;
            Endpoint = kind;
        }
        else if (_url != normalized)
        {
            throw InputErrors.Line("UrlMismatch", "url_mismatch", where, $"url '{url}' differs from the first line's '{_url}'");
        }
    }

    private void CheckModel(string model, string where)
    {
        if (Deployment is null)
        {
            if (_expectedDeployment is not null && !string.Equals(model, _expectedDeployment, StringComparison.Ordinal))
            {
                throw InputErrors.Line("ModelMismatch", "model_mismatch", where, $"model '{model}' is not the deployment '{_expectedDeployment}' that was asked for");
            }

            Deployment = model;
        }
        else if (!string.Equals(Deployment, model, StringComparison.Ordinal))
        {
            throw InputErrors.Line("ModelMismatch", "model_mismatch", where, $"model '{model}' differs from the first line's '{Deployment}'");
        }
    }

    private long EstimateTokens(JsonElement body)
    {
        if (body.TryGetProperty("messages", out JsonElement messages) && messages.ValueKind == JsonValueKind.Array)
        {
            return TokenCounter.TokensPerReply + CountMessages(messages);
        }

        if (body.TryGetProperty("input", out JsonElement input))
        {
            return input.ValueKind == JsonValueKind.Array ? TokenCounter.TokensPerReply + CountMessages(input) : CountContent(input);
        }

        return 0;
    }

    private long CountMessages(JsonElement messages)
    {
        long total = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            total += TokenCounter.TokensPerMessage;
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out JsonElement content))
            {
                total += CountContent(content);
            }
            else if (message.ValueKind == JsonValueKind.String)
            {
                total += _tokens.Count(message.GetString()!);
            }
        }

        return total;
    }

    // Content is text, or a list of parts of which the text parts count.
    private long CountContent(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return _tokens.Count(content.GetString()!);
        }

        long total = 0;
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
                {
                    total += _tokens.Count(text.GetString()!);
                }
                else if (part.ValueKind == JsonValueKind.String)
                {
                    total += _tokens.Count(part.GetString()!);
                }
            }
        }

        return total;
    }
}
