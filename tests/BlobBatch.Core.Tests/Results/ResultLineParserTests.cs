using System.Text.Json;
using BlobBatch.Core.Results;

namespace BlobBatch.Core.Tests.Results;

public class ResultLineParserTests
{
    [Fact]
    public void ReadsAChatCompletion()
    {
        BatchResult result = Parse("""
            {"custom_id":"t-1","response":{"status_code":200,"request_id":"r1","body":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"Hardware"}}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}},"error":null}
            """);
        Assert.True(result.Succeeded);
        Assert.Equal("t-1", result.CustomId);
        Assert.Equal("Hardware", result.Content);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(12, result.PromptTokens);
        Assert.Equal(3, result.CompletionTokens);
        Assert.Equal("r1", result.RequestId);
        Assert.Equal("batch_1", result.BatchId);
    }

    [Fact]
    public void ReadsAResponsesBody()
    {
        BatchResult result = Parse("""
            {"custom_id":"r","response":{"status_code":200,"body":{"status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"Hi"}]}],"usage":{"input_tokens":5,"output_tokens":1}}}}
            """);
        Assert.Equal("Hi", result.Content);
        Assert.Equal(5, result.PromptTokens);
        Assert.Equal(1, result.CompletionTokens);
    }

    [Fact]
    public void ReadsCachedAndReasoningTokensAndTheModelOfAChatAnswer()
    {
        BatchResult result = Parse("""
            {"custom_id":"t","response":{"status_code":200,"body":{"model":"gpt-5-2025-08-07","choices":[{"finish_reason":"stop","message":{"content":"ok"}}],"usage":{"prompt_tokens":1200,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":256}}}}}
            """);
        Assert.Equal("gpt-5-2025-08-07", result.Model);
        Assert.Equal(1024, result.CachedPromptTokens);
        Assert.Equal(256, result.ReasoningTokens);
    }

    [Fact]
    public void ReadsTheUsageDetailsOfAResponsesAnswer()
    {
        BatchResult result = Parse("""
            {"custom_id":"r","response":{"status_code":200,"body":{"model":"o4-mini","status":"completed","output":[],"usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":10},"output_tokens":80,"output_tokens_details":{"reasoning_tokens":64}}}}}
            """);
        Assert.Equal(("o4-mini", 50, 10, 80, 64), (result.Model, result.PromptTokens, result.CachedPromptTokens, result.CompletionTokens, result.ReasoningTokens));
    }

    [Fact]
    public void ReadsAnHttpFailure()
    {
        BatchResult result = Parse("""
            {"custom_id":"x","response":{"status_code":400,"request_id":"r","body":{"error":{"code":"content_filter","message":"Filtered"}}},"error":null}
            """);
        Assert.False(result.Succeeded);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("content_filter", result.ErrorCode);
        Assert.Equal("Filtered", result.ErrorMessage);
    }

    [Fact]
    public void ReadsANonHttpFailure()
    {
        BatchResult result = Parse("""{"custom_id":"x","response":null,"error":{"code":"batch_expired","message":"Expired"}}""");
        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Equal("batch_expired", result.ErrorCode);
    }

    private static BatchResult Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return ResultLineParser.Parse(document.RootElement, "batch_1");
    }
}
