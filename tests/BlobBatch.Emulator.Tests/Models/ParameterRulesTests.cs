using System.Text.Json.Nodes;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Models;

namespace BlobBatch.Emulator.Tests.Models;

public class ParameterRulesTests
{
    private const string Chat = "/chat/completions";
    private const string Responses = "/v1/responses";

    public static TheoryData<string, string, string, string?, string?> Cases => new()
    {
        // Reasoning models
        { "gpt-5", Chat, """{"max_tokens":100}""", "max_tokens", "unsupported_parameter" },
        { "o3-mini", Chat, """{"max_tokens":100}""", "max_tokens", "unsupported_parameter" },
        { "gpt-5", Chat, """{"max_completion_tokens":100,"reasoning_effort":"minimal"}""", null, null },
        { "gpt-5", Chat, """{"temperature":1,"top_p":1.0}""", null, null },
        { "gpt-5", Chat, """{"temperature":null,"max_tokens":null}""", null, null },
        { "gpt-5", Chat, """{"temperature":0}""", "temperature", "unsupported_value" },
        { "gpt-5.4-mini", Responses, """{"temperature":0.2}""", "temperature", "unsupported_value" },
        { "o4-mini", Chat, """{"top_p":0.9}""", "top_p", "unsupported_value" },
        { "gpt-5", Chat, """{"reasoning_effort":"extreme"}""", "reasoning_effort", "unsupported_value" },
        { "gpt-5", Responses, """{"reasoning":{"effort":"none"}}""", "reasoning.effort", "unsupported_value" },
        { "gpt-5", Responses, """{"reasoning":{"effort":"high","summary":"auto"},"max_output_tokens":500}""", null, null },
        { "gpt-5", Responses, """{"max_tokens":100}""", null, null },
        { "gpt-5", Chat, """{"temperature":0.2,"max_tokens":100}""", "max_tokens", "unsupported_parameter" },
        { "gpt-5", "/embeddings", """{"temperature":0}""", null, null },

        // Other models
        { "gpt-5-chat", Chat, """{"max_tokens":100,"temperature":0.2}""", null, null },
        { "gpt-4o", Chat, """{"max_tokens":100,"max_completion_tokens":100,"temperature":0.2,"top_p":0.5}""", null, null },
        { "gpt-4o", Chat, """{"reasoning_effort":"low"}""", "reasoning_effort", "unsupported_parameter" },
        { "gpt-4.1", Responses, """{"reasoning":{"effort":"low"}}""", "reasoning.effort", "unsupported_parameter" },
        { "gpt-4o", Responses, """{"reasoning":{"summary":"auto"}}""", "reasoning", "unsupported_parameter" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FirstBrokenRuleDecides(string model, string url, string parameters, string? param, string? code)
    {
        ParameterRefusal? refusal = ParameterRules.Check(Line(url, parameters), model);

        Assert.Equal(param, refusal?.Param);
        Assert.Equal(code, refusal?.Code);
    }

    [Fact]
    public void MaxTokensOnAReasoningModelIsRefusedWithOpenAIsWords() =>
        Assert.Equal(
            """{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""",
            Body(ParameterRules.Check(Line(Chat, """{"max_tokens":50}"""), "gpt-5")));

    [Fact]
    public void TemperatureOnAReasoningModelIsRefusedWithTheValueGiven() =>
        Assert.Equal(
            """{"error":{"message":"Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}""",
            Body(ParameterRules.Check(Line(Chat, """{"temperature":0.2}"""), "gpt-5")));

    [Fact]
    public void UnknownEffortNamesTheEffortsThatExist() =>
        Assert.Equal(
            "Unsupported value: 'reasoning_effort' does not support 'extreme' with this model. Supported values are: 'minimal', 'low', 'medium', and 'high'.",
            ParameterRules.Check(Line(Chat, """{"reasoning_effort":"extreme"}"""), "o3")?.Message);

    [Fact]
    public void EffortOnANonReasoningModelIsAnUnsupportedParameter() =>
        Assert.Equal(
            "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
            ParameterRules.Check(Line(Chat, """{"reasoning_effort":"low"}"""), "gpt-4o")?.Message);

    private static InputRequest Line(string url, string parameters)
    {
        var body = (JsonObject)JsonNode.Parse(parameters)!;
        body["model"] = "some-deployment";
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" });
        return new InputRequest(1, "a", url, "some-deployment", body);
    }

    private static string Body(ParameterRefusal? refusal) =>
        refusal!.Body().ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
