using System.Text.Json.Nodes;
using BlobBatch.Emulator.Backends;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Quota;

namespace BlobBatch.Emulator.Tests.Backends;

public class EchoBackendTests
{
    private readonly EchoBackend _backend = new(new TokenCounter(), new EmulatorOptions().WithDefaults());

    [Fact]
    public async Task ChatWithAJsonSchemaAnswersWithAParsableInstance()
    {
        JsonObject body = Body("""
            {"model":"gpt-4o-batch","messages":[{"role":"user","content":"Is this a bug?"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"c","strict":true,
               "schema":{"type":"object","properties":{"label":{"type":"string","enum":["bug","other"]}},"required":["label"]}}}}
            """);

        BackendResult result = await _backend.ExecuteAsync(new InputRequest(1, "a", "/chat/completions", "gpt-4o-batch", body), default);

        Assert.Equal(200, result.StatusCode);
        JsonNode choice = result.Body["choices"]![0]!;
        Assert.Equal("bug", JsonNode.Parse(choice["message"]!["content"]!.GetValue<string>())!["label"]!.GetValue<string>());
        Assert.False(choice["content_filter_results"]!["hate"]!["filtered"]!.GetValue<bool>());
        Assert.Equal("gpt-4o", result.Body["model"]!.GetValue<string>());
        JsonNode usage = result.Body["usage"]!;
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task ResponsesAnswerWithAResponseObject()
    {
        JsonObject body = Body("""{"model":"gpt-4o-batch","input":"Summarise this."}""");

        BackendResult result = await _backend.ExecuteAsync(new InputRequest(1, "a", "/v1/responses", "gpt-4o-batch", body), default);

        Assert.Equal("response", result.Body["object"]!.GetValue<string>());
        Assert.Equal("echo: Summarise this.", result.Body["output"]![0]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.True(result.Body["usage"]!["input_tokens"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task EmbeddingsAnswerWithDeterministicUnitVectors()
    {
        JsonObject body = Body("""{"model":"gpt-4o-batch","input":["a","b"],"dimensions":8}""");

        BackendResult first = await _backend.ExecuteAsync(new InputRequest(1, "a", "/embeddings", "gpt-4o-batch", body), default);
        BackendResult second = await _backend.ExecuteAsync(new InputRequest(1, "a", "/embeddings", "gpt-4o-batch", body), default);

        JsonArray data = first.Body["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        double[] vector = [.. data[0]!["embedding"]!.AsArray().Select(v => v!.GetValue<double>())];
        Assert.Equal(8, vector.Length);
        Assert.InRange(Math.Sqrt(vector.Sum(v => v * v)), 0.999, 1.001);
        Assert.Equal(first.Body["data"]!.ToJsonString(), second.Body["data"]!.ToJsonString());
    }

    [Fact]
    public async Task ReasoningModelSpendsReasoningTokensCountedAsCompletionTokens()
    {
        JsonObject body = Body("""{"model":"gpt-5-batch","messages":[{"role":"user","content":"Think."}],"max_completion_tokens":500,"reasoning_effort":"low"}""");

        BackendResult result = await _backend.ExecuteAsync(new InputRequest(1, "a", "/chat/completions", "gpt-5-batch", body), default);

        Assert.Equal("gpt-5", result.Body["model"]!.GetValue<string>());
        JsonNode usage = result.Body["usage"]!;
        int reasoning = usage["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>();
        int visible = new TokenCounter().Count(result.Body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(64, reasoning);
        Assert.Equal(visible + reasoning, usage["completion_tokens"]!.GetValue<int>());
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
        Assert.Equal(0, usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task NonReasoningModelReportsZeroReasoningAndCachedTokens()
    {
        JsonObject body = Body("""{"model":"gpt-4o-batch","messages":[{"role":"user","content":"Hi."}],"max_completion_tokens":50}""");

        BackendResult result = await _backend.ExecuteAsync(new InputRequest(1, "a", "/chat/completions", "gpt-4o-batch", body), default);

        JsonNode usage = result.Body["usage"]!;
        Assert.Equal(0, usage["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());
        Assert.Equal(0, usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task ResponsesFromAReasoningModelStartWithAReasoningItem()
    {
        JsonObject body = Body("""{"model":"gpt-5-batch","input":"Plan it.","reasoning":{"effort":"high"}}""");

        BackendResult result = await _backend.ExecuteAsync(new InputRequest(1, "a", "/v1/responses", "gpt-5-batch", body), default);

        JsonArray output = result.Body["output"]!.AsArray();
        Assert.Equal(["reasoning", "message"], output.Select(item => item!["type"]!.GetValue<string>()));
        Assert.Equal("echo: Plan it.", output[1]!["content"]![0]!["text"]!.GetValue<string>());
        JsonNode usage = result.Body["usage"]!;
        Assert.Equal(1024, usage["output_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());
        Assert.Equal(0, usage["input_tokens_details"]!["cached_tokens"]!.GetValue<int>());
        Assert.Equal(usage["input_tokens"]!.GetValue<int>() + usage["output_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
    }

    private static JsonObject Body(string json) => (JsonObject)JsonNode.Parse(json)!;
}
