using System;
using System.IO;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// What defines a tiktoken encoding: its pre-tokenizing pattern, its special tokens, and where its
/// rank file is. The patterns are Microsoft.ML.Tokenizers' own (the tests compare counts with it);
/// the rank files come from its data packages, embedded into this assembly when it is built.
/// </summary>
internal sealed class TiktokenEncoding
{
    public static readonly TiktokenEncoding O200kBase = new(
        "o200k_base",
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        new[] { "<|endoftext|>", "<|endofprompt|>" });

    public static readonly TiktokenEncoding Cl100kBase = new(
        "cl100k_base",
        @"'(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|(?>\p{N}{1,3})| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s",
        new[] { "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>" });

    private TiktokenEncoding(string name, string pattern, string[] specialTokens)
    {
        Name = name;
        Pattern = pattern;
        SpecialTokens = specialTokens;
    }

    public string Name { get; }

    public string Pattern { get; }

    public string[] SpecialTokens { get; }

    public Regex CreatePieceRegex() => new(Pattern, RegexOptions.Compiled);

    public BpeVocabulary ReadVocabulary()
    {
        using Stream compressed = OpenResource();
        using var inflated = new DeflateStream(compressed, CompressionMode.Decompress);
        return TiktokenFileReader.Read(inflated);
    }

    // Embedded at build time from Microsoft.ML.Tokenizers' data packages (TokenRanks.targets).
    private Stream OpenResource()
    {
        string resource = "BlobBatch.Core.Tokens." + Name + ".tiktoken.deflate";
        return typeof(TiktokenEncoding).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"BlobBatch.Core has no resource '{resource}'.");
    }
}
