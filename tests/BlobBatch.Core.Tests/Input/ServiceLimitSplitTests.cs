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

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public void AFileOfExactly200MBIsOnePart(int extraBytes, int parts)
    {
        using var folder = new TempFolder();
        const int lineBytes = 10_000;
        const int lines = (int)(SplitLimits.ServiceMaxBytes / lineBytes);
        byte[] line = new byte[lineBytes - 1];
        using var set = new PartFileSet(folder.File("bytes.jsonl"), new SplitLimits(), force: false);
        for (int i = 0; i < lines; i++)
        {
            Array.Fill(line, (byte)'x');
            set.Append(new ArraySegment<byte>(line), 1, $"line {i + 1}");
        }

        if (extraBytes > 0)
        {
            set.Append(new ArraySegment<byte>(Encoding.ASCII.GetBytes(new string('y', extraBytes))), 1, "last line");
        }

        IReadOnlyList<BatchInputPart> result = set.Complete();
        Assert.Equal(parts, result.Count);
        Assert.Equal(SplitLimits.ServiceMaxBytes, result[0].Bytes);
        Assert.Equal(SplitLimits.ServiceMaxBytes, new FileInfo(result[0].Path).Length);
    }
}
