using System;
using System.Collections.Generic;
using BlobBatch.Core.Input.Tokens;

namespace BlobBatch.Core.Input;

/// <summary>
/// Counts input tokens offline with the models' own encodings: o200k for the gpt-4o / 4.1 / 5 and
/// o-series families, cl100k for older ones. The estimate for a chat request follows OpenAI's
/// published rule: each message costs its content plus 3 tokens, and the reply is primed with 3.
/// </summary>
public sealed class TokenCounter
{
    public const int TokensPerMessage = 3;
    public const int TokensPerReply = 3;

    // Loaded on first use and kept for the session: o200k takes about 5 MB and 50 ms to read.
    private static readonly Lazy<TiktokenCounter> O200k = new(() => new TiktokenCounter(TiktokenEncoding.O200kBase));
    private static readonly Lazy<TiktokenCounter> Cl100k = new(() => new TiktokenCounter(TiktokenEncoding.Cl100kBase));

    private const int RepeatedLimit = 64;

    private readonly TiktokenCounter _tokenizer;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _repeated = new(StringComparer.Ordinal);

    private TokenCounter(TiktokenCounter tokenizer, string encoding)
    {
        _tokenizer = tokenizer;
        Encoding = encoding;
    }

    public string Encoding { get; }

    /// <summary>The counter for a model name such as gpt-4o-mini or gpt-35-turbo; o200k when unknown or null.</summary>
    public static TokenCounter ForModel(string? model) =>
        UsesCl100k(model) ? new TokenCounter(Cl100k.Value, "cl100k_base") : new TokenCounter(O200k.Value, "o200k_base");

    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.Count(text);

    public int CountChat(IReadOnlyList<ChatMessage> messages)
    {
        int total = TokensPerReply;
        foreach (ChatMessage message in messages)
        {
            total += TokensPerMessage + CountMessage(message);
        }

        return total;
    }

    /// <summary>Embeddings: the text alone, no message overhead.</summary>
    public int CountText(IReadOnlyList<ChatMessage> messages)
    {
        int total = 0;
        foreach (ChatMessage message in messages)
        {
            total += Count(message.Content);
        }

        return total;
    }

    // A system prompt is the same on every row: count it once, not a hundred thousand times.
    private int CountMessage(ChatMessage message)
    {
        if (message.Role == "user")
        {
            return Count(message.Content);
        }

        if (_repeated.TryGetValue(message.Content, out int known))
        {
            return known;
        }

        int counted = Count(message.Content);
        if (_repeated.Count < RepeatedLimit)
        {
            _repeated.TryAdd(message.Content, counted);
        }

        return counted;
    }

    private static bool UsesCl100k(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return false;
        }

        string name = model!.Trim().ToLowerInvariant();
        bool newFamily = name.StartsWith("gpt-4o", StringComparison.Ordinal) || name.StartsWith("gpt-4.1", StringComparison.Ordinal)
            || name.StartsWith("gpt-4.5", StringComparison.Ordinal) || name.StartsWith("gpt-5", StringComparison.Ordinal)
            || name.StartsWith("o1", StringComparison.Ordinal) || name.StartsWith("o3", StringComparison.Ordinal)
            || name.StartsWith("o4", StringComparison.Ordinal);
        return !newFamily && (name.StartsWith("gpt-4", StringComparison.Ordinal) || name.StartsWith("gpt-35", StringComparison.Ordinal)
            || name.StartsWith("gpt-3.5", StringComparison.Ordinal) || name.StartsWith("text-embedding", StringComparison.Ordinal));
    }
}
