using System.Text;
using BlobBatch.Core.Input;
using BlobBatch.Core.Input.Tokens;
using Microsoft.ML.Tokenizers;

namespace BlobBatch.Core.Tests.Input;

/// <summary>
/// Our compact counter must give Microsoft.ML.Tokenizers' count for every text of
/// <see cref="TokenComparisonTexts"/>.
/// </summary>
public class TiktokenCounterTests
{
    public static TheoryData<string> Encodings => new() { "o200k_base", "cl100k_base" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void FixedSampleMatchesTheLibrary(string encoding)
    {
        AssertSameCounts(encoding, TokenComparisonTexts.Fixed);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void SpecialTokensCountOneEach(string encoding)
    {
        // A fresh library tokenizer: its special tokens live in a cache that other texts can evict.
        AssertSameCounts(encoding, TokenComparisonTexts.Specials(encoding));
        Assert.Equal(3, Counter(encoding).Count("a<|endoftext|>b"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void RandomTextsMatchTheLibrary(string encoding)
    {
        AssertSameCounts(encoding, TokenComparisonTexts.Random());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void LongPiecesMatchTheLibrary(string encoding)
    {
        AssertSameCounts(encoding, TokenComparisonTexts.LongPieces());
    }

    [Fact]
    public void BenchTicketTextsMatchTheLibrary()
    {
        AssertSameCounts("o200k_base", TokenComparisonTexts.Tickets());
    }

    [Fact]
    public void RepeatedPiecesCountTheSameFromTheCache()
    {
        // One counter, the texts twice: the second pass takes merged pieces from the cache, whose 4,096
        // slots these texts overfill many times, so a slot shared by two pieces is met too.
        var counter = new TiktokenCounter(TiktokenEncoding.O200kBase);
        string[] texts = TokenComparisonTexts.Tickets().Concat(TokenComparisonTexts.Random()).ToArray();
        int[] first = texts.Select(counter.Count).ToArray();
        int[] second = texts.Select(counter.Count).ToArray();
        Tokenizer library = TiktokenTokenizer.CreateForEncoding("o200k_base");
        Assert.Equal(texts.Select(text => library.CountTokens(text)), second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void ModelNamesChooseTheEncodingAndCountTheSame()
    {
        Tokenizer library = TiktokenTokenizer.CreateForModel("gpt-4o");
        Assert.Equal(library.CountTokens(TokenComparisonTexts.Fixed[0]), TokenCounter.ForModel("gpt-4o").Count(TokenComparisonTexts.Fixed[0]));
        Assert.Equal(TiktokenTokenizer.CreateForModel("gpt-4").CountTokens(TokenComparisonTexts.Fixed[6]), TokenCounter.ForModel("gpt-4").Count(TokenComparisonTexts.Fixed[6]));
    }

    private static readonly Dictionary<string, TiktokenCounter> Counters = new();

    private static TiktokenCounter Counter(string encoding)
    {
        lock (Counters)
        {
            if (!Counters.TryGetValue(encoding, out TiktokenCounter? counter))
            {
                counter = new TiktokenCounter(encoding == "o200k_base" ? TiktokenEncoding.O200kBase : TiktokenEncoding.Cl100kBase);
                Counters[encoding] = counter;
            }

            return counter;
        }
    }

    private static void AssertSameCounts(string encoding, IEnumerable<string> texts)
    {
        Tokenizer library = TiktokenTokenizer.CreateForEncoding(encoding);
        TiktokenCounter ours = Counter(encoding);
        var differences = new List<string>();
        int compared = 0;
        foreach (string text in texts)
        {
            int expected = library.CountTokens(text);
            int actual = ours.Count(text);
            compared++;
            if (expected != actual)
            {
                differences.Add($"{Escape(text)}: library {expected}, ours {actual}");
            }
        }

        Assert.True(compared > 0);
        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} differ:\n" + string.Join("\n", differences.Take(10)));
    }

    private static string Escape(string text)
    {
        string shown = text.Length > 120 ? text.Substring(0, 120) + "…" : text;
        var escaped = new StringBuilder();
        foreach (char c in shown)
        {
            escaped.Append(c < 0x20 || char.IsSurrogate(c) || c == 0xFFFD ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return escaped.ToString();
    }
}
