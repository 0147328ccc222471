using System.Text.Json.Nodes;
using BlobBatch.Emulator.Models;

namespace BlobBatch.Emulator.Backends;

/// <summary>
/// Usage as today's service reports it. Cached prompt tokens are always 0 (the emulator caches nothing). A reasoning
/// model also spends hidden reasoning tokens, which are billed as completion (output) tokens; other models spend none.
/// </summary>
public static class EchoUsage
{
    // Fixed per effort, so runs repeat; medium is the service's default effort.
    private static readonly Dictionary<string, int> ReasoningTokensByEffort = new(StringComparer.Ordinal)
    {
        ["minimal"] = 16,
        ["low"] = 64,
        ["medium"] = 256,
        ["high"] = 1024,
    };

    /// <summary>Reasoning tokens a line's answer spends: 0 unless the model reasons, then by the effort asked for.</summary>
    public static int ReasoningTokens(string model, JsonObject body)
    {
        if (!ModelFamily.IsReasoning(model))
        {
            return 0;
        }

        JsonNode? effort = body["reasoning_effort"] ?? body["reasoning"]?["effort"];
        string name = effort is JsonValue value && value.TryGetValue(out string? text) ? text : "medium";
        return ReasoningTokensByEffort.GetValueOrDefault(name, ReasoningTokensByEffort["medium"]);
    }

    public static JsonObject Chat(int prompt, int visible, int reasoning) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = visible + reasoning,
        ["total_tokens"] = prompt + visible + reasoning,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = reasoning,
            ["audio_tokens"] = 0,
            ["accepted_prediction_tokens"] = 0,
            ["rejected_prediction_tokens"] = 0,
        },
    };

    public static JsonObject Responses(int input, int visible, int reasoning) => new()
    {
        ["input_tokens"] = input,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = visible + reasoning,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning },
        ["total_tokens"] = input + visible + reasoning,
    };
}
