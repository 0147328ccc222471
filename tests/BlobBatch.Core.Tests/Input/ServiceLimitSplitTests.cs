using System.Text;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

/// <summary>The split points at the service's real limits, not lowered ones.</summary>
public class ServiceLimitSplitTests
{
    [Theory]
    [InlineData(SplitLimits.ServiceMaxRequests, 1)]
    [InlineData(SplitLimits.ServiceMaxRequests + 1, 2)]
    public void AFileOfExactly100000LinesIsOnePart(int lines, int parts)
    {
        using var folder = new TempFolder();
        string path = folder.File("lines.jsonl");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            for (int i = 0; i < lines; i++)
            {
                writer.Write(JsonlInputFileTests.Line("id" + i));
                writer.Write('\n');
            }
        }

        BatchInputResult result = JsonlInputFile.Prepare(path, null, new SplitLimits(), TokenCounter.ForModel(null), force: false);
        Assert.Equal(parts, result.Parts.Count);
        Assert.Equal(lines, result.Parts.Sum(p => p.RequestCount));
        Assert.Equal(SplitLimits.ServiceMaxRequests, result.Parts[0].RequestCount);
    }

    // Blob mode takes 1 GB (decimal) per input file: 1.2 GB of 12,000-byte lines is two parts, the
    // first holding every whole line that fits (83,333 lines, 999,996,000 bytes).
    [Fact]
    public void A12GBInputIsTwoPartsSplitAt1GB()
    {
        using var folder = new TempFolder();
        const int lineBytes = 12_000;
        const int lines = 100_000;
        byte[] line = new byte[lineBytes - 1];
        Array.Fill(line, (byte)'x');
        using var set = new PartFileSet(folder.File("bytes.jsonl"), new SplitLimits(), force: false);
        for (int i = 0; i < lines; i++)
        {
            set.Append(new ArraySegment<byte>(line), 1, $"line {i + 1}");
        }

        IReadOnlyList<BatchInputPart> result = set.Complete();
        Assert.Equal(2, result.Count);
        Assert.Equal(SplitLimits.ServiceMaxBytes / lineBytes, result[0].RequestCount);
        Assert.Equal(SplitLimits.ServiceMaxBytes / lineBytes * lineBytes, new FileInfo(result[0].Path).Length);
        Assert.Equal((long)lines * lineBytes, result.Sum(p => p.Bytes));
    }
}
