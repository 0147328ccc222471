using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

/// <summary>
/// Blob mode's 1 GB input limit on rows of realistic length: the parts are generated on disk and
/// removed afterwards (TempFolder).
/// </summary>
public class BlobModeSizeTests
{
    // 250 MB was two parts under the old 200 MB limit; the split itself at 1 GB is proven on bytes
    // (ServiceLimitSplitTests), where 1.2 GB of rows would cost minutes of token counting.
    [Theory]
    [InlineData(90_000, 2_700, 1)]
    public void LongRowsUpTo1GBStayOnePart(int rows, int rowChars, int expectedParts)
    {
        using var folder = new TempFolder();
        var settings = new RequestSettings("gpt-4o-batch", EndpointKind.ChatCompletions) { MaxTokens = 100 };
        string body = LongText(rowChars);
        BatchInputResult result;
        using (var writer = new BatchInputWriter(folder.File("long.jsonl"), settings, new SplitLimits(), TokenCounter.ForModel("gpt-4o"), force: false, writeRowMap: false))
        {
            for (int i = 0; i < rows; i++)
            {
                writer.Add(new TestRow(i + 1, ("Id", "r" + i)), "r" + i, new[] { new ChatMessage("user", body) });
            }

            result = writer.Complete();
        }

        long total = result.Parts.Sum(p => p.Bytes);
        Assert.Equal(expectedParts, result.Parts.Count);
        Assert.Equal(rows, result.Parts.Sum(p => p.RequestCount));
        Assert.All(result.Parts, p => Assert.True(p.Bytes <= SplitLimits.ServiceMaxBytes));
        Assert.InRange(total, 250_000_000, SplitLimits.ServiceMaxBytes);
    }

    // A ticket-like text: words of several lengths, so the tokenizer does real work.
    private static string LongText(int chars)
    {
        string[] words = { "printer", "VPN", "cannot", "connect", "after", "the", "update;", "please", "advise", "urgently.", "Regards,", "Jana" };
        var text = new System.Text.StringBuilder(chars + 16);
        for (int i = 0; text.Length < chars; i++)
        {
            text.Append(words[(i * 7) % words.Length]).Append(' ');
        }

        return text.ToString(0, chars);
    }
}
