using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace BlobBatch.Emulator.Quota;

/// <summary>Counts tokens with the o200k encoding (gpt-4o and later), the way quota and usage are measured.</summary>
public sealed class TokenCounter
{
    // OpenAI's chat accounting: a few tokens of framing per message and for priming the reply.
    private const int PerMessageOverhead = 3;
    private const int ReplyPriming = 3;

    // Strings under these keys are not text the model reads as tokens (roles, part types, image data).
    private static readonly HashSet<string> NonTextKeys = new(StringComparer.Ordinal)
    {
        "role", "type", "image_url", "url", "detail", "file_id", "file_data", "name", "id", "call_id",
    };

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    public int Count(string text) => text.Length == 0 ? 0 : _tokenizer.CountTokens(text);

    /// <summary>Estimated prompt tokens of one request body: messages, Responses input and instructions, or embedding input.</summary>
    public int CountPrompt(JsonObject body)
    {
        int total = 0;
        if (body["messages"] is JsonArray messages)
        {
            total += ReplyPriming;
            foreach (JsonNode? message in messages)
            {
                total += PerMessageOverhead + CountText(message);
            }
        }

        total += CountText(body["input"]) + CountText(body["instructions"]) + CountText(body["prompt"]);
        return total;
    }

    private int CountText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out string? text) => Count(text),
        JsonArray array => array.Sum(CountText),
        JsonObject obj => obj.Where(p => !NonTextKeys.Contains(p.Key)).Sum(p => CountText(p.Value)),
        _ => 0,
    };
}
