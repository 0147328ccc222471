using BlobBatch.Core.Input;
using Microsoft.ML.Tokenizers;

namespace BlobBatch.TokenCount;

/// <summary>The two counters being compared, made ready to count (their rank data read) by <see cref="Create"/>.</summary>
internal static class Counters
{
    public const string Ours = "ours";
    public const string Library = "library";

    public static Func<string, int> Create(string counter, string encoding)
    {
        switch (counter)
        {
            case Ours:
                return TokenCounter.ForModel(encoding == "o200k_base" ? "gpt-4o" : "gpt-4").Count;
            case Library:
                Tokenizer library = TiktokenTokenizer.CreateForEncoding(encoding);
                return text => library.CountTokens(text);
            default:
                throw new ArgumentException($"no counter '{counter}': {Ours} or {Library}");
        }
    }
}
