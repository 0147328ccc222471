using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Quota;

namespace BlobBatch.Emulator.Backends;

/// <summary>
/// Answers every request deterministically from its input: "echo: " + the last user text, or an instance of the
/// requested JSON schema; bodies carry Azure's content-filter extras and usage counted by the tokenizer.
/// </summary>
public sealed class EchoBackend(TokenCounter tokens, EmulatorOptions options) : IRequestBackend
{
    public Task<BackendResult> ExecuteAsync(InputRequest request, CancellationToken cancellationToken)
    {
        string model = DeploymentOptions.ModelOf(options.Deployments, request.Model);
        JsonNode body = EndpointPaths.Normalise(request.Url) switch
        {
            EndpointPaths.Responses => Response(request, model),
            EndpointPaths.Embeddings => Embedding(request, model),
            _ => ChatCompletion(request, model),
        };
        return Task.FromResult(new BackendResult(200, body));
    }

    private JsonObject ChatCompletion(InputRequest request, string model)
    {
        JsonNode? schema = request.Body["response_format"]?["json_schema"]?["schema"];
        string format = request.Body["response_format"]?["type"]?.GetValue<string>() ?? "text";
        string echo = "echo: " + LastUserText(request.Body["messages"]);
        string content = format switch
        {
            "json_schema" => (SchemaInstanceBuilder.Build(schema, echo) ?? JsonValue.Create(echo)!).ToJsonString(),
            "json_object" => new JsonObject { ["echo"] = echo }.ToJsonString(),
            _ => echo,
        };
        int prompt = tokens.CountPrompt(request.Body);
        int completion = tokens.Count(content);
        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Hash(request.CustomId),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["finish_reason"] = "stop",
                ["logprobs"] = null,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["content_filter_results"] = ContentFilter(),
            }),
            ["prompt_filter_results"] = new JsonArray(new JsonObject { ["prompt_index"] = 0, ["content_filter_results"] = ContentFilter() }),
            ["system_fingerprint"] = "fp_emulator",
            ["usage"] = EchoUsage.Chat(prompt, completion, EchoUsage.ReasoningTokens(model, request.Body)),
        };
    }

    private JsonObject Response(InputRequest request, string model)
    {
        JsonNode? format = request.Body["text"]?["format"];
        string echo = "echo: " + LastUserText(request.Body["input"]);
        string text = format?["type"]?.GetValue<string>() == "json_schema"
            ? (SchemaInstanceBuilder.Build(format["schema"], echo) ?? JsonValue.Create(echo)!).ToJsonString()
            : echo;
        int input = tokens.CountPrompt(request.Body);
        int output = tokens.Count(text);
        int reasoning = EchoUsage.ReasoningTokens(model, request.Body);
        string hash = Hash(request.CustomId);
        var items = new JsonArray();
        if (reasoning > 0)
        {
            // A reasoning model's output starts with its (here empty) reasoning item, as the service's does.
            items.Add(new JsonObject { ["type"] = "reasoning", ["id"] = "rs_" + hash, ["summary"] = new JsonArray() });
        }

        items.Add(new JsonObject
        {
            ["type"] = "message",
            ["id"] = "msg_" + hash,
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
        });
        return new JsonObject
        {
            ["id"] = "resp_" + hash,
            ["object"] = "response",
            ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["status"] = "completed",
            ["model"] = model,
            ["output"] = items,
            ["usage"] = EchoUsage.Responses(input, output, reasoning),
        };
    }

    private JsonObject Embedding(InputRequest request, string model)
    {
        JsonNode? input = request.Body["input"];
        List<string> texts = input is JsonArray many ? [.. many.Select(n => n?.ToJsonString() ?? string.Empty)] : [input?.ToJsonString() ?? string.Empty];
        int dimensions = request.Body["dimensions"] is JsonValue d && d.TryGetValue(out int n) && n > 0 ? n : 16;
        var data = new JsonArray();
        for (int i = 0; i < texts.Count; i++)
        {
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = Vector(texts[i], dimensions) });
        }

        int prompt = tokens.CountPrompt(request.Body);
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["total_tokens"] = prompt },
        };
    }

    /// <summary>A unit vector seeded by the text, so equal inputs embed equally.</summary>
    private static JsonArray Vector(string text, int dimensions)
    {
        byte[] seed = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var random = new Random(BitConverter.ToInt32(seed, 0));
        double[] values = [.. Enumerable.Range(0, dimensions).Select(_ => random.NextDouble() - 0.5)];
        double norm = Math.Sqrt(values.Sum(v => v * v));
        return new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(Math.Round(v / norm, 6)))]);
    }

    private static string LastUserText(JsonNode? messages) => messages switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonArray items => items.LastOrDefault(m => m?["role"]?.GetValue<string>() is "user" or null) is JsonNode last
            ? TextOf(last["content"] ?? last)
            : string.Empty,
        _ => string.Empty,
    };

    private static string TextOf(JsonNode? content) => content switch
    {
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonArray parts => string.Join(" ", parts.Select(p => p?["text"] is JsonValue t && t.TryGetValue(out string? s) ? s : null).Where(s => s is not null)),
        _ => string.Empty,
    };

    private static JsonObject ContentFilter()
    {
        var result = new JsonObject();
        foreach (string category in (string[])["hate", "self_harm", "sexual", "violence"])
        {
            result[category] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" };
        }

        return result;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
}
