using System.Text;
using BlobBatch.Core.Input;
using BlobBatch.Core.Input.Tokens;
using Microsoft.ML.Tokenizers;

namespace BlobBatch.Core.Tests.Input;

/// <summary>
/// Our compact counter must give Microsoft.ML.Tokenizers' count for every text: a fixed sample of the
/// awkward cases, then thousands of random texts built from the pieces the patterns treat differently.
/// </summary>
public class TiktokenCounterTests
{
    public static TheoryData<string> Encodings => new() { "o200k_base", "cl100k_base" };

    private static readonly string[] Fixed =
    {
        "The quick brown fox jumps over the lazy dog.",
        "Hello, world!", "  leading and trailing  ", "\t\ttabs\tand\r\nnewlines\n\n\n", " \n \n ",
        "I'm sure they've said we'll go, he'd've DON'T WE'LL It'S", "l'été déjà vu, naïve café, Ærøskøbing",
        "12345678901234567890 3.14159 1,000,000 ١٢٣٤٥ ½ ⅔", "日本語のテキストと中文文本", "한국어 텍스트",
        "Здравствуйте, мир", "مرحبا بالعالم", "emoji 😀👍🏽🇳🇴 family 👨‍👩‍👧‍👦", "combining e\u0301 a\u0308 \u0301\u0301x",
        "ﬁnancial ﬂow", "straße STRASSE ſ 'ſ 'S 'K", "https://example.com/path?q=1&r=2#frag", "C:\\Users\\admin\\file.txt",
        "{\"json\": [1, 2, 3], \"nested\": {\"a\": null}}", "<html><body class=\"x\">text</body></html>",
        "lone \uD800 high and \uDC00 low surrogates \uDBFF", "replacement \uFFFD char \uFFFD\uFFFD", "\u0000\u0001\u001f control",
        "<| not special |> <|endof|> <|fim|>", "a", " ", "\n", "''", "'s", "!!!???...", "----====____", "ⅯⅯⅩⅩⅣ",
    };

    private static readonly string[] Specials =
    {
        "<|endoftext|>", "before<|endoftext|>after", "<|endofprompt|><|endoftext|>", "x <|fim_prefix|> y <|fim_suffix|>",
        "  <|endoftext|>  \n<|endoftext|>", "<|<|endoftext|>|>",
    };

    private static readonly string[] Fragments =
    {
        "the", "The", "THE", "cat", "Cat", "CAT", " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n", "'s", "'T", "'re", "'VE",
        "'m", "'ll", "'D", "'", "\"", "0", "7", "42", "1234", "3.5", "-", "--", "/", "//", "\\", ".", ",", "!", "?", "(", ")", "[", "]",
        "{", "}", "<", ">", "<|", "|>", "|", "=", "==", "+", "*", "#", "@", "$", "%", "^", "&", "~", "`", "_", "é", "É", "ß", "ñ",
        "déjà", "naïve", "Ünïcödé", "日本", "語", "中文", "한", "国", "Ж", "жизнь", "λόγος", "Ω", "م", "ر", "٣", "½", "Ⅻ", "\u0301",
        "\u0308", "\u200d", "\u00a0", "\u2003", "\u3000", "😀", "👍🏽", "🇳🇴", "𝔘𝔫𝔦", "\uD800", "\uDFFF", "\uFFFD", "ﬁ", "ſ", "K",
        "İ", "ı", "http", "://", "www", "example", "com", "Batch", "JSONL", "custom_id", "gpt-4o", "Azure", "OpenAI", "PowerShell",
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void FixedSampleMatchesTheLibrary(string encoding)
    {
        AssertSameCounts(encoding, Fixed);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void SpecialTokensCountOneEach(string encoding)
    {
        // A fresh library tokenizer: its special tokens live in a cache that other texts can evict.
        AssertSameCounts(encoding, Specials.Where(s => encoding == "cl100k_base" || !s.Contains("fim", StringComparison.Ordinal)));
        Assert.Equal(3, Counter(encoding).Count("a<|endoftext|>b"));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void RandomTextsMatchTheLibrary(string encoding)
    {
        var random = new Random(20261127);
        var texts = new List<string>();
        for (int i = 0; i < 4000; i++)
        {
            var text = new StringBuilder();
            int pieces = random.Next(1, 40);
            for (int p = 0; p < pieces; p++)
            {
                text.Append(Fragments[random.Next(Fragments.Length)]);
            }

            texts.Add(text.ToString());
        }

        AssertSameCounts(encoding, texts);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void LongPiecesMatchTheLibrary(string encoding)
    {
        var random = new Random(7);
        string base64 = Convert.ToBase64String(Enumerable.Range(0, 6000).Select(_ => (byte)random.Next(256)).ToArray());
        string[] texts =
        {
            new('a', 3000), new('=', 2000), new(' ', 1500), new('7', 1000), string.Concat(Enumerable.Repeat("\r\n ", 400)),
            base64, "prefix " + base64 + " suffix", string.Concat(Enumerable.Repeat("日本語", 700)), string.Concat(Enumerable.Repeat("😀", 500)),
            string.Concat(Enumerable.Repeat("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 80)),
        };
        AssertSameCounts(encoding, texts);
    }

    [Fact]
    public void BenchTicketTextsMatchTheLibrary()
    {
        string[] words = { "printer", "password", "monitor", "Teams", "déjà vu", "VPN", "mailbox", "SharePoint", "café", "laptop", "licence" };
        var random = new Random(3);
        var texts = Enumerable.Range(0, 500).Select(i => $"Classify: issue {i}: " + string.Join(' ', Enumerable.Range(0, 15).Select(_ => words[random.Next(words.Length)])));
        AssertSameCounts("o200k_base", texts);
    }

    [Fact]
    public void ModelNamesChooseTheEncodingAndCountTheSame()
    {
        Tokenizer library = TiktokenTokenizer.CreateForModel("gpt-4o");
        Assert.Equal(library.CountTokens(Fixed[0]), TokenCounter.ForModel("gpt-4o").Count(Fixed[0]));
        Assert.Equal(TiktokenTokenizer.CreateForModel("gpt-4").CountTokens(Fixed[6]), TokenCounter.ForModel("gpt-4").Count(Fixed[6]));
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
