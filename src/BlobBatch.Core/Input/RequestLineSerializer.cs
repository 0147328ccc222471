using System.Collections.Generic;
using System.Text.Json;

namespace BlobBatch.Core.Input;

/// <summary>Writes one request line in the service's format, for the chat, responses and embeddings APIs.</summary>
public sealed class RequestLineSerializer
{
    private readonly RequestSettings _settings;
    private readonly string _url;
    private readonly JsonDocument? _schema;
    private readonly JsonDocument? _extraBody;

    public RequestLineSerializer(RequestSettings settings)
    {
        _settings = settings;
        _url = EndpointUrls.For(settings.Endpoint);
        _schema = settings.ResponseSchemaJson is null ? null : JsonDocument.Parse(settings.ResponseSchemaJson);
        _extraBody = settings.ExtraBodyJson is null ? null : ExtraBody.Parse(settings.ExtraBodyJson, OwnFields());
    }

    /// <summary>The body fields BlobBatch itself writes with these settings: -ExtraBody may not name them twice.</summary>
    private IEnumerable<string> OwnFields()
    {
        yield return "model";
        switch (_settings.Endpoint)
        {
            case EndpointKind.Embeddings:
                yield return "input";
                yield break;
            case EndpointKind.Responses:
                yield return "input";
                if (_settings.MaxTokens is not null) yield return "max_output_tokens";
                if (_settings.ReasoningEffort is not null) yield return "reasoning";
                if (_schema is not null) yield return "text";
                break;
            default:
                yield return "messages";
                if (_settings.MaxTokens is not null) yield return "max_completion_tokens";
                if (_settings.ReasoningEffort is not null) yield return "reasoning_effort";
                if (_schema is not null) yield return "response_format";
                break;
        }

        if (_settings.Temperature is not null) yield return "temperature";
    }

    public void Write(Utf8JsonWriter writer, string customId, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartObject();
        writer.WriteString("custom_id", customId);
        writer.WriteString("method", "POST");
        writer.WriteString("url", _url);
        writer.WriteStartObject("body");
        writer.WriteString("model", _settings.Deployment);
        switch (_settings.Endpoint)
        {
            case EndpointKind.Embeddings:
                WriteEmbeddingBody(writer, messages);
                break;
            case EndpointKind.Responses:
                WriteResponsesBody(writer, messages);
                break;
            default:
                WriteChatBody(writer, messages);
                break;
        }

        if (_extraBody is not null)
        {
            foreach (JsonProperty field in _extraBody.RootElement.EnumerateObject())
            {
                field.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }

    private void WriteChatBody(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        WriteMessages(writer, "messages", messages);

        // max_completion_tokens, not max_tokens: reasoning models refuse max_tokens, every current chat model takes this.
        WriteNumber(writer, "max_completion_tokens", _settings.MaxTokens);
        WriteNumber(writer, "temperature", _settings.Temperature);
        if (_settings.ReasoningEffort is ReasoningEffort effort)
        {
            writer.WriteString("reasoning_effort", EffortText(effort));
        }

        if (_schema is not null)
        {
            writer.WriteStartObject("response_format");
            writer.WriteString("type", "json_schema");
            writer.WriteStartObject("json_schema");
            WriteSchemaFields(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    private void WriteResponsesBody(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        WriteMessages(writer, "input", messages);
        WriteNumber(writer, "max_output_tokens", _settings.MaxTokens);
        WriteNumber(writer, "temperature", _settings.Temperature);
        if (_settings.ReasoningEffort is ReasoningEffort effort)
        {
            writer.WriteStartObject("reasoning");
            writer.WriteString("effort", EffortText(effort));
            writer.WriteEndObject();
        }

        if (_schema is not null)
        {
            writer.WriteStartObject("text");
            writer.WriteStartObject("format");
            writer.WriteString("type", "json_schema");
            WriteSchemaFields(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    // The chat API nests these under response_format.json_schema, the responses API under text.format.
    private void WriteSchemaFields(Utf8JsonWriter writer)
    {
        writer.WriteString("name", _settings.ResponseSchemaName);
        writer.WriteBoolean("strict", true);
        writer.WritePropertyName("schema");
        _schema!.RootElement.WriteTo(writer);
    }

    // Embeddings take text, not a conversation: the user content is the input.
    private static void WriteEmbeddingBody(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        string input = string.Empty;
        foreach (ChatMessage message in messages)
        {
            if (message.Role == "user")
            {
                input = message.Content;
            }
        }

        writer.WriteString("input", input);
    }

    private static void WriteMessages(Utf8JsonWriter writer, string name, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray(name);
        foreach (ChatMessage message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", message.Role);
            writer.WriteString("content", message.Content);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string EffortText(ReasoningEffort effort) => effort.ToString().ToLowerInvariant();

    private static void WriteNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is int number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
