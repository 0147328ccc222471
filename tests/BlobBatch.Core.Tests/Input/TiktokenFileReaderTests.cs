using System;
using System.IO;
using System.Text;
using BlobBatch.Core.Input.Tokens;
using Xunit;

namespace BlobBatch.Core.Tests.Input;

public class TiktokenFileReaderTests
{
    private static BpeVocabulary Read(string text) => TiktokenFileReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(text)));

    private static int Rank(BpeVocabulary vocabulary, string token) => vocabulary.RankOf(Encoding.UTF8.GetBytes(token));

    private static string B64(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes(token));

    [Fact]
    public void RankedLinesKeepTheirRanks()
    {
        BpeVocabulary vocabulary = Read($"{B64("a")} 5\n{B64("b")} 2\n{B64("ab")} 9\n");
        Assert.Equal(5, Rank(vocabulary, "a"));
        Assert.Equal(2, Rank(vocabulary, "b"));
        Assert.Equal(9, Rank(vocabulary, "ab"));
        Assert.Equal(-1, Rank(vocabulary, "c"));
        Assert.Equal(-1, Rank(vocabulary, "ba"));
    }

    [Fact]
    public void ARepeatedTokenKeepsItsLastRank()
    {
        BpeVocabulary vocabulary = Read($"{B64("a")} 1\n{B64("b")} 2\n{B64("a")} 7\n");
        Assert.Equal(7, Rank(vocabulary, "a"));
        Assert.Equal(2, Rank(vocabulary, "b"));
    }

    [Fact]
    public void BareLinesAreRankedByLineNumberCountingBlankLinesAfterTheFirstToken()
    {
        BpeVocabulary vocabulary = Read($"\n{B64("a")}\n\n{B64("b")}\r\n{B64("c")}\n");
        Assert.Equal(0, Rank(vocabulary, "a"));
        Assert.Equal(2, Rank(vocabulary, "b"));
        Assert.Equal(3, Rank(vocabulary, "c"));
    }

    [Fact]
    public void ACapacityLineTooSmallOnlySizesTheFirstArrays()
    {
        var text = new StringBuilder("Capacity: 2\n");
        for (int i = 0; i < 3000; i++)
        {
            text.Append(B64("token" + i)).Append('\n');
        }

        BpeVocabulary vocabulary = Read(text.ToString());
        Assert.Equal(3000, vocabulary.Count);
        Assert.Equal(0, Rank(vocabulary, "token0"));
        Assert.Equal(2999, Rank(vocabulary, "token2999"));
    }

    [Fact]
    public void EveryTokenIsFoundAndNoOtherInAFullTable()
    {
        // Every one- and two-byte string over 200 letters: 40,200 tokens, ranks out of order.
        var text = new StringBuilder();
        int count = 0;
        for (int first = 0; first < 200; first++)
        {
            text.Append(B64(((char)(0x100 + first)).ToString())).Append(' ').Append(100_000 - count++).Append('\n');
            for (int second = 0; second < 200; second++)
            {
                text.Append(B64($"{(char)(0x100 + first)}{(char)(0x100 + second)}")).Append(' ').Append(100_000 - count++).Append('\n');
            }
        }

        BpeVocabulary vocabulary = Read(text.ToString());
        Assert.Equal(count, vocabulary.Count);
        int expected = 100_000;
        for (int first = 0; first < 200; first++)
        {
            Assert.Equal(expected--, Rank(vocabulary, ((char)(0x100 + first)).ToString()));
            for (int second = 0; second < 200; second++)
            {
                Assert.Equal(expected--, Rank(vocabulary, $"{(char)(0x100 + first)}{(char)(0x100 + second)}"));
                Assert.Equal(-1, Rank(vocabulary, $"{(char)(0x100 + first)}{(char)(0x100 + second)}x"));
            }
        }
    }

    [Fact]
    public void AMalformedLineIsAnError()
    {
        Assert.Throws<InvalidDataException>(() => Read($"{B64("a")} 1\n{B64("b")} x\n"));
        Assert.Throws<InvalidDataException>(() => Read("not base64!\n"));
    }
}
