using System.Text;
using BlobBatch.Core.Results;

namespace BlobBatch.Core.Tests.Results;

/// <summary>Result lines as a broken or hostile service could write them: reported, never thrown.</summary>
public class HostileResultLineTests
{
    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("{\"custom_id\":\"a\\ud800\"}", "Unicode")]
    public void AnUnreadableLineIsRefusedWithTheReason(string line, string reason)
    {
        AssertRefused(line, reason);
    }

    [Fact]
    public void ALineDeeperThan256IsRefusedByName() =>
        AssertRefused("{\"custom_id\":\"a\",\"r\":" + new string('[', 300) + new string(']', 300) + "}", "deeper than 256");

    private static void AssertRefused(string line, string reason)
    {
        Assert.False(ResultLineParser.TryParse(Bytes(line), "batch_x", out BatchResult? result, out string? problem));
        Assert.Null(result);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("{\"custom_id\":\"a\",\"response\":{\"status_code\":\"200\",\"body\":{\"choices\":[7],\"data\":[\"x\"]}}}")]
    [InlineData("{\"custom_id\":\"a\",\"response\":{\"status_code\":200,\"body\":{\"choices\":[{\"message\":\"text\"}],\"usage\":[1]}}}")]
    [InlineData("{\"custom_id\":7,\"response\":[],\"error\":\"boom\"}")]
    [InlineData("{\"custom_id\":\"a\",\"response\":{\"body\":{\"data\":[7]}}}")]
    public void OddShapesAreReadWithoutThrowing(string line)
    {
        Assert.True(ResultLineParser.TryParse(Bytes(line), "batch_x", out BatchResult? result, out _));
        Assert.Null(result!.Content);
    }

    [Fact]
    public void SeventyLevelsAreStillALine()
    {
        string line = "{\"custom_id\":\"a\",\"deep\":" + new string('[', 70) + new string(']', 70) + ",\"response\":{\"status_code\":200,\"body\":{}}}";
        Assert.True(ResultLineParser.TryParse(Bytes(line), null, out BatchResult? result, out _));
        Assert.True(result!.Succeeded);
    }

    private static ArraySegment<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));
}
