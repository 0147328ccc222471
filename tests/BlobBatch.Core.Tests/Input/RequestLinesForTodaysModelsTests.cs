using System.Collections;
using System.Text;
using System.Text.Json;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

/// <summary>Lines that today's models accept: max_completion_tokens, reasoning effort, pass-through fields, and the family rules.</summary>
public class RequestLinesForTodaysModelsTests
{
    [Theory]
    [InlineData("gpt-4o-batch")]
    [InlineData("gpt-5-batch")]
    public void ChatLinesCarryMaxCompletionTokensForEveryModel(string deployment)
    {
        JsonElement body = Body(new RequestSettings(deployment, EndpointKind.ChatCompletions) { MaxTokens = 300 });

        Assert.Equal(300, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
    }

    [Fact]
    public void ReasoningEffortIsWrittenForChatAndForResponses()
    {
        JsonElement chat = Body(new RequestSettings("gpt-5-batch", EndpointKind.ChatCompletions) { ReasoningEffort = ReasoningEffort.Low });
        JsonElement responses = Body(new RequestSettings("gpt-5-batch", EndpointKind.Responses) { ReasoningEffort = ReasoningEffort.High, MaxTokens = 80 });

        Assert.Equal("low", chat.GetProperty("reasoning_effort").GetString());
        Assert.Equal("high", responses.GetProperty("reasoning").GetProperty("effort").GetString());
        Assert.Equal(80, responses.GetProperty("max_output_tokens").GetInt32());
    }

    [Fact]
    public void ExtraBodyFieldsPassThroughUnchanged()
    {
        JsonElement body = Body(new RequestSettings("gpt-4o-batch", EndpointKind.ChatCompletions)
        {
            MaxTokens = 10,
            ExtraBodyJson = "{\"seed\":7,\"top_p\":0.9,\"service_tier\":\"flex\",\"logit_bias\":{\"50256\":-100}}",
        });

        Assert.Equal(7, body.GetProperty("seed").GetInt32());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble());
        Assert.Equal("flex", body.GetProperty("service_tier").GetString());
        Assert.Equal(-100, body.GetProperty("logit_bias").GetProperty("50256").GetInt32());
    }

    [Theory]
    [InlineData("{\"model\":\"x\"}", "ExtraBodyConflict")]
    [InlineData("{\"max_completion_tokens\":5}", "ExtraBodyConflict")]
    [InlineData("{\"messages\":[]}", "ExtraBodyConflict")]
    [InlineData("[1,2]", "InvalidExtraBody")]
    public void ExtraBodyMayNotRepeatAFieldBlobBatchWrites(string extra, string errorId)
    {
        var settings = new RequestSettings("gpt-4o-batch", EndpointKind.ChatCompletions) { MaxTokens = 10, ExtraBodyJson = extra };

        var ex = Assert.Throws<BlobBatchException>(() => new RequestLineSerializer(settings));

        Assert.Equal(errorId, ex.ErrorId);
    }

    [Theory]
    [InlineData("gpt-5-batch", null, 0.2, null, "gpt-5 family")]
    [InlineData("contoso-batch", "o3-mini", 0.0, null, "o-series")]
    [InlineData("gpt-4o-batch", null, null, ReasoningEffort.Low, "gpt-4.1 / gpt-4o")]
    [InlineData("o4-mini-batch", null, null, ReasoningEffort.Minimal, "o-series")]
    public void ARefusedCombinationIsAnErrorNamingTheFamilyAndTheParameter(string deployment, string? model, double? temperature, ReasoningEffort? effort, string family)
    {
        var settings = new RequestSettings(deployment, EndpointKind.ChatCompletions) { Temperature = temperature, ReasoningEffort = effort };

        var ex = Assert.Throws<BlobBatchException>(() => EndpointSupport.Verify(settings, model, allowEmbeddings: false));

        Assert.Equal("ParameterNotSupportedByModel", ex.ErrorId);
        Assert.Contains(family, ex.Message);
        Assert.Equal(temperature is null ? "-ReasoningEffort" : "-Temperature", ex.Target);
    }

    [Theory]
    [InlineData("gpt-5-batch", null, 1.0, ReasoningEffort.Minimal)]
    [InlineData("gpt-5.1-batch", null, null, ReasoningEffort.High)]
    [InlineData("gpt-5-chat-batch", null, 0.3, null)]
    [InlineData("gpt-4o-batch", null, 0.3, null)]
    [InlineData("contoso-batch", null, 0.3, ReasoningEffort.Low)]
    public void AcceptedCombinationsPass(string deployment, string? model, double? temperature, ReasoningEffort? effort)
    {
        var settings = new RequestSettings(deployment, EndpointKind.ChatCompletions) { Temperature = temperature, ReasoningEffort = effort };

        EndpointSupport.Verify(settings, model, allowEmbeddings: false);
    }

    [Theory]
    [InlineData("gpt-5", true)]
    [InlineData("gpt-5.4-mini", true)]
    [InlineData("o3", true)]
    [InlineData("o4-mini", true)]
    [InlineData("gpt-4.1-nano", false)]
    [InlineData("gpt-5-chat-latest", false)]
    public void TheTableKnowsTodaysBatchModels(string model, bool reasoning)
    {
        Assert.Equal(reasoning, ModelFamily.Identify(model)!.IsReasoning);
    }

    [Fact]
    public void EmbeddingsAreRefusedUnlessAllowed()
    {
        var settings = new RequestSettings("embed-batch", EndpointKind.Embeddings);

        var ex = Assert.Throws<BlobBatchException>(() => EndpointSupport.Verify(settings, null, allowEmbeddings: false));
        Assert.Equal("EmbeddingsNotSupported", ex.ErrorId);
        Assert.Contains("embeddings models are not currently supported", ex.Message);
        EndpointSupport.Verify(settings, null, allowEmbeddings: true);
    }

    [Fact]
    public void ResponsesBatchesAreCreatedWithTheChatEndpointAsAzuresSampleDoes()
    {
        Assert.Equal("/chat/completions", EndpointUrls.ForBatch(EndpointKind.Responses));
        Assert.Equal("/chat/completions", EndpointUrls.ForBatch(EndpointKind.ChatCompletions));
        Assert.Equal("/responses", EndpointUrls.For(EndpointKind.Responses));
    }

    private static JsonElement Body(RequestSettings settings)
    {
        var serializer = new RequestLineSerializer(settings);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            serializer.Write(writer, "r1", new[] { new ChatMessage("user", "Hello") });
        }

        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.GetProperty("body").Clone();
    }
}
