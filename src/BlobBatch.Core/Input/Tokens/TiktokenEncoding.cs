using System;
using System.IO;
using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// What defines a tiktoken encoding: its pre-tokenizing pattern, its special tokens, and where its
/// rank file is. The patterns are Microsoft.ML.Tokenizers' own (the tests compare counts with it);
/// the rank files are the resources of its data packages, read without loading the library.
/// </summary>
internal sealed class TiktokenEncoding
{
    public static readonly TiktokenEncoding O200kBase = new(
        "o200k_base",
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        new[] { "<|endoftext|>", "<|endofprompt|>" },
        "Microsoft.ML.Tokenizers.Data.O200kBase");

    public static readonly TiktokenEncoding Cl100kBase = new(
        "cl100k_base",
        @"'(?i:[sdmt]|ll|ve|re)|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)|(?>\p{N}{1,3})| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)|(?>\s+)$|\s*[\r\n]|\s+(?!\S)|\s",
        new[] { "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>" },
        "Microsoft.ML.Tokenizers.Data.Cl100kBase");

    private readonly string _dataAssembly;

    private TiktokenEncoding(string name, string pattern, string[] specialTokens, string dataAssembly)
    {
        Name = name;
        Pattern = pattern;
        SpecialTokens = specialTokens;
        _dataAssembly = dataAssembly;
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

    private Stream OpenResource()
    {
        Assembly data = LoadDataAssembly();
        string resource = Name + ".tiktoken.deflate";
        return data.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{_dataAssembly} has no resource '{resource}'.");
    }

    // By name first, so PowerShell 7 resolves it in BlobBatch's load context; beside this assembly
    // when that fails (Windows PowerShell, which probes only its own folder).
    private Assembly LoadDataAssembly()
    {
        try
        {
            return Assembly.Load(new AssemblyName(_dataAssembly));
        }
        catch (FileNotFoundException)
        {
            string folder = Path.GetDirectoryName(typeof(TiktokenEncoding).Assembly.Location) ?? ".";
            return Assembly.LoadFrom(Path.Combine(folder, _dataAssembly + ".dll"));
        }
    }
}
