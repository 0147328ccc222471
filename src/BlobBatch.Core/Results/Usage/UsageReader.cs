using System.Text.Json;

namespace BlobBatch.Core.Results.Usage;

/// <summary>
/// Reads a result body's usage, in either shape the service writes: chat (prompt_tokens,
/// prompt_tokens_details.cached_tokens, completion_tokens_details.reasoning_tokens) or Responses
/// (input_tokens, input_tokens_details, output_tokens_details).
/// </summary>
internal static class UsageReader
{
    public static void Read(JsonElement usage, BatchResult result)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        result.PromptTokens = Int(usage, "prompt_tokens") ?? Int(usage, "input_tokens");
        result.CompletionTokens = Int(usage, "completion_tokens") ?? Int(usage, "output_tokens");
        result.CachedPromptTokens = Detail(usage, "prompt_tokens_details", "cached_tokens") ?? Detail(usage, "input_tokens_details", "cached_tokens");
        result.ReasoningTokens = Detail(usage, "completion_tokens_details", "reasoning_tokens") ?? Detail(usage, "output_tokens_details", "reasoning_tokens");
    }

    private static int? Detail(JsonElement usage, string details, string name) =>
        usage.TryGetProperty(details, out JsonElement inner) && inner.ValueKind == JsonValueKind.Object ? Int(inner, name) : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;
}
