using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace BlobBatch.Emulator.Quota;

/// <summary>
/// Counts tokens with the o200k encoding (gpt-4o and later), the way quota and usage are measured.
/// Microsoft.ML.Tokenizers merges one piece in time that grows with the square of its length, so a
/// 10 MB line of one unbroken word took hours; a run of more than <see cref="LongestExactRun"/>
/// characters without whitespace (a pasted file, base64, a row of one letter) is estimated from its
/// first <see cref="SampleLength"/> characters instead. Ordinary text is counted exactly.
/// </summary>
public sealed class TokenCounter
{
    public const int LongestExactRun = 4096;
    public const int SampleLength = 512;

    // OpenAI's chat accounting: a few tokens of framing per message and for priming the reply.
    private const int PerMessageOverhead = 3;
    private const int ReplyPriming = 3;

    // Strings under these keys are not text the model reads as tokens (roles, part types, image data).
    private static readonly HashSet<string> NonTextKeys = new(StringComparer.Ordinal)
    {
        "role", "type", "image_url", "url", "detail", "file_id", "file_data", "name", "id", "call_id",
    };

    // Loading the vocabulary takes most of a second; one per process (the tokenizer is thread-safe), so every
    // in-process emulator of a test run shares it.
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    private readonly Tokenizer _tokenizer = O200k.Value;

    public int Count(string text)
    {
        long total = 0;
        int exactFrom = 0;
        int runStart = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                runStart = runStart < 0 ? i : runStart;
                continue;
            }

            if (runStart >= 0 && i - runStart > LongestExactRun)
            {
                total += Exact(text, exactFrom, runStart) + Estimate(text, runStart, i);
                exactFrom = i;
            }

            runStart = -1;
        }

        total += Exact(text, exactFrom, text.Length);
        return (int)Math.Min(total, int.MaxValue);
    }

    private int Exact(string text, int from, int to) => to > from ? _tokenizer.CountTokens(text.AsSpan(from, to - from)) : 0;

    // The sample's tokens per character, over the whole run; linear however long the run is.
    private long Estimate(string text, int from, int to)
    {
        int sample = char.IsHighSurrogate(text[from + SampleLength - 1]) ? SampleLength - 1 : SampleLength;
        int tokens = Exact(text, from, from + sample);
        return (long)Math.Ceiling((double)tokens * (to - from) / sample);
    }

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
