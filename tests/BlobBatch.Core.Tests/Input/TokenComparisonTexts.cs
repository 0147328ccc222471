using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace BlobBatch.Core.Tests.Input;

/// <summary>
/// The texts on which our token counter is compared with Microsoft.ML.Tokenizers: by the xunit suite,
/// which requires equal counts, and by the token counting benchmark (tests/perf/TokenCount), which
/// times both on them. A fixed sample of the awkward cases, special tokens, thousands of random texts
/// built from the pieces the patterns treat differently, long pieces, and ticket-like texts.
/// </summary>
public static class TokenComparisonTexts
{
    public static readonly string[] Fixed =
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

    /// <summary>Texts with special tokens; the fim tokens are cl100k's only.</summary>
    private static readonly string[] AllSpecials =
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

    public static IEnumerable<string> Specials(string encoding) =>
        AllSpecials.Where(s => encoding == "cl100k_base" || !s.Contains("fim", StringComparison.Ordinal));

    public static IReadOnlyList<string> Random()
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

        return texts;
    }

    public static IReadOnlyList<string> LongPieces()
    {
        var random = new Random(7);
        string base64 = Convert.ToBase64String(Enumerable.Range(0, 6000).Select(_ => (byte)random.Next(256)).ToArray());
        return new[]
        {
            new string('a', 3000), new string('=', 2000), new string(' ', 1500), new string('7', 1000), string.Concat(Enumerable.Repeat("\r\n ", 400)),
            base64, "prefix " + base64 + " suffix", string.Concat(Enumerable.Repeat("日本語", 700)), string.Concat(Enumerable.Repeat("😀", 500)),
            string.Concat(Enumerable.Repeat("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 80)),
        };
    }

    /// <summary>Prompts like the bench's tickets: short, mostly English, a few accents.</summary>
    public static IReadOnlyList<string> Tickets()
    {
        string[] words = { "printer", "password", "monitor", "Teams", "déjà vu", "VPN", "mailbox", "SharePoint", "café", "laptop", "licence" };
        var random = new Random(3);
        return Enumerable.Range(0, 500)
            .Select(i => $"Classify: issue {i}: " + string.Join(" ", Enumerable.Range(0, 15).Select(_ => words[random.Next(words.Length)])))
            .ToList();
    }

    /// <summary>Every comparison text for an encoding (the tickets are o200k's, as the bench's models are).</summary>
    public static IEnumerable<string> All(string encoding) =>
        Fixed.Concat(Specials(encoding)).Concat(Random()).Concat(LongPieces()).Concat(encoding == "o200k_base" ? Tickets() : Array.Empty<string>());
}
