using System.Text;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

/// <summary>A part uploaded for another deployment: body.model rewritten, every other byte as written.</summary>
public class ModelFieldTests
{
    [Theory]
    [InlineData("""{"custom_id":"a","method":"POST","url":"/chat/completions","body":{"model":"east","messages":[]}}""", """{"custom_id":"a","method":"POST","url":"/chat/completions","body":{"model":"west","messages":[]}}""")]
    [InlineData("""{"body":{"messages":[{"model":"keep"}],"model":"e\u0061st"},"custom_id":"model"}""", """{"body":{"messages":[{"model":"keep"}],"model":"west"},"custom_id":"model"}""")]
    [InlineData("""{"model":"top","body":{"model" : "east" ,"n":1}}""", """{"model":"top","body":{"model" : "west" ,"n":1}}""")]
    [InlineData("""{"custom_id":"a","body":{"messages":[]}}""", """{"custom_id":"a","body":{"messages":[]}}""")]
    [InlineData("""{"custom_id":"a","body":{"model":5}}""", """{"custom_id":"a","body":{"model":5}}""")]
    [InlineData("not json", "not json")]
    public void OnlyTheBodysModelChanges(string line, string expected)
    {
        byte[] scratch = new byte[4];
        ArraySegment<byte> rewritten = ModelField.Rewrite(new ArraySegment<byte>(Encoding.UTF8.GetBytes(line)), ModelField.Encode("west"), ref scratch);

        Assert.Equal(expected, Encoding.UTF8.GetString(rewritten.Array!, rewritten.Offset, rewritten.Count));
    }

    [Fact]
    public void ADeploymentNameIsWrittenAsJson()
    {
        byte[] scratch = Array.Empty<byte>();
        ArraySegment<byte> rewritten = ModelField.Rewrite(new ArraySegment<byte>("""{"body":{"model":"a"}}"""u8.ToArray()), ModelField.Encode("we\"st"), ref scratch);

        Assert.Equal("""{"body":{"model":"we\u0022st"}}""", Encoding.UTF8.GetString(rewritten.Array!, rewritten.Offset, rewritten.Count));
    }
}
