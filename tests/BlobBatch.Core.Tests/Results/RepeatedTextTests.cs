using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Ordering;

namespace BlobBatch.Core.Tests.Results;

public class RepeatedTextTests
{
    [Fact]
    public void ValuesComeBackAsWrittenRepeatsAsOneStringAndBeyondTheTableInFull()
    {
        var table = new RepeatedText();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            for (int i = 0; i < 5000; i++)
            {
                table.Write(writer, "model-" + i);
                table.Write(writer, "stop");
            }
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        string? firstStop = null;
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal("model-" + i, table.Read(reader));
            string stop = table.Read(reader);
            Assert.Equal("stop", stop);
            firstStop ??= stop;
            Assert.Same(firstStop, stop);
        }
    }

    [Fact]
    public void TheParserReusesARepeatedModelAndFinishReason()
    {
        static BatchResult Parse(string id)
        {
            byte[] line = System.Text.Encoding.UTF8.GetBytes(
                $"{{\"custom_id\":\"{id}\",\"response\":{{\"status_code\":200,\"body\":{{\"model\":\"gpt-4o\",\"choices\":[{{\"finish_reason\":\"stop\",\"message\":{{\"content\":\"hi\"}}}}]}}}}}}");
            Assert.True(ResultLineParser.TryParse(new ArraySegment<byte>(line), null, out BatchResult? result, out _));
            return result!;
        }

        BatchResult a = Parse("a"), b = Parse("b");
        Assert.Equal("gpt-4o", b.Model);
        Assert.Same(a.Model, b.Model);
        Assert.Same(a.FinishReason, b.FinishReason);
        Assert.Equal("b", b.CustomId);
    }
}
