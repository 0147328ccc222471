using System.Text.Json.Nodes;
using BlobBatch.Emulator.Backends;

namespace BlobBatch.Emulator.Tests.Backends;

public class SchemaInstanceBuilderTests
{
    [Fact]
    public void BuildsAnInstanceOfEveryPropertyType()
    {
        JsonNode schema = JsonNode.Parse("""
            {"type":"object","properties":{
              "label":{"type":"string","enum":["bug","feature"]},
              "score":{"type":"number","minimum":0.5},
              "count":{"type":"integer","exclusiveMinimum":3},
              "urgent":{"type":"boolean"},
              "tags":{"type":"array","items":{"type":"string","maxLength":4},"minItems":2},
              "note":{"type":["string","null"]},
              "owner":{"$ref":"#/$defs/person"},
              "maybe":{"anyOf":[{"type":"null"},{"type":"integer","minimum":7}]}
            },"required":["label"],"additionalProperties":false,
            "$defs":{"person":{"type":"object","properties":{"name":{"type":"string","minLength":3}}}}}
            """)!;

        var instance = (JsonObject)SchemaInstanceBuilder.Build(schema, "echo: x")!;

        Assert.Equal("bug", instance["label"]!.GetValue<string>());
        Assert.Equal(1.0, instance["score"]!.GetValue<double>());
        Assert.Equal(4L, instance["count"]!.GetValue<long>());
        Assert.True(instance["urgent"]!.GetValue<bool>());
        Assert.Equal(["echo", "echo"], instance["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("echo: x", instance["note"]!.GetValue<string>());
        Assert.Equal("echo: x", instance["owner"]!["name"]!.GetValue<string>());
        Assert.Equal(7L, instance["maybe"]!.GetValue<long>());
    }
}
