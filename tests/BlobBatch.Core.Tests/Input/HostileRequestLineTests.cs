using System.Text;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

/// <summary>Request lines that used to escape as raw exceptions or misleading reasons.</summary>
public class HostileRequestLineTests
{
    private const string Good = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{\"model\":\"gpt-4o-batch\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";

    [Theory]
    [InlineData("{\"custom_id\":\"a\",\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{\"model\":\"m\"}}", "repeats a property name")]
    [InlineData("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{\"model\":\"m\",\"model\":\"n\"}}", "repeats a property name")]
    [InlineData("{\"custom_id\":\"a\\ud800\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{\"model\":\"m\"}}", "lone surrogate")]
    [InlineData("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\\udc00\"}]}}", "lone surrogate")]
    [InlineData("{\"custom_id\":\"a\",", "not valid JSON")]
    public void IsRefusedAsInvalidJsonLineWithTheRealReason(string line, string reason)
    {
        var ex = Assert.Throws<BlobBatchException>(() => Read(line));
        Assert.Equal("InvalidJsonLine", ex.ErrorId);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void SeventyLevelsAreAcceptedAndThreeHundredRefusedByName()
    {
        Assert.Equal("a", Read(Good.Replace("\"messages\":", "\"deep\":" + new string('[', 70) + new string(']', 70) + ",\"messages\":")).CustomId);
        var ex = Assert.Throws<BlobBatchException>(() => Read(Good.Replace("\"messages\":", "\"deep\":" + new string('[', 300) + new string(']', 300) + ",\"messages\":")));
        Assert.Contains("deeper than 256", ex.Message);
    }

    [Fact]
    public void APathAsTheDeploymentIsRefusedWithItsLine()
    {
        using var inspector = new RequestLineInspector("in.jsonl", null, TokenCounter.ForModel(null));
        var ex = Assert.Throws<BlobBatchException>(() => inspector.Inspect(Bytes(Good.Replace("gpt-4o-batch", "../../etc")), 1));
        Assert.Equal("InvalidDeploymentName", ex.ErrorId);
        Assert.Contains("in.jsonl line 1", ex.Message);
    }

    private static RequestLineFacts Read(string line) => RequestLineReader.Read(Bytes(line), "line 1", TokenCounter.ForModel(null));

    private static ArraySegment<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));
}
