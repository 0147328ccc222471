using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlobBatch.Emulator.Tests.Infrastructure;
using OpenAI.Batch;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>Parameters a model family refuses fail their own line with a 400 in errors.jsonl; the batch completes.</summary>
public class ReasoningModelTests
{
    private const string MaxTokensRefused =
        """{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""";

    private const string TemperatureRefused =
        """{"error":{"message":"Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}""";

    private const string EffortRefused =
        """{"error":{"message":"Unsupported parameter: 'reasoning_effort' is not supported with this model.","type":"invalid_request_error","param":"reasoning_effort","code":"unsupported_parameter"}}""";

    [Fact]
    public async Task OpenAIClientOnV1RunsAGpt5BlobBatchWhereRefusedParametersFailPerLine()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Join(
            Gpt5Line("good", new JsonObject { ["max_completion_tokens"] = 400, ["reasoning_effort"] = "low" }),
            Gpt5Line("max-tokens", new JsonObject { ["max_tokens"] = 400 }),
            Gpt5Line("temperature", new JsonObject { ["max_completion_tokens"] = 400, ["temperature"] = 0.2 })));
        BatchClient client = emulator.CreateV1BatchClient();
        string body = $$$"""
            {"input_file_id":null,"endpoint":"/v1/chat/completions","completion_window":"24h",
             "input_blob":"{{{input}}}","output_folder":{"url":"{{{emulator.OutputFolderUrl}}}"}}
            """;

        CreateBatchOperation operation = await client.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(body)), waitUntilCompleted: true);

        JsonElement done = TestEmulator.Parse((await operation.GetBatchAsync(null)).GetRawResponse().Content);
        Assert.Equal("completed", Status(done));
        Assert.Equal((3, 1, 2), (Count(done, "total"), Count(done, "completed"), Count(done, "failed")));
        JsonElement result = Assert.Single(await emulator.ReadBlobLinesAsync(done.GetProperty("output_blob").GetString()!));
        Assert.Equal("good", result.GetProperty("custom_id").GetString());
        JsonElement answer = result.GetProperty("response").GetProperty("body");
        Assert.Equal("gpt-5", answer.GetProperty("model").GetString());
        Assert.True(answer.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32() > 0);
        Assert.Equal(0, answer.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Dictionary<string, JsonElement> errors = (await emulator.ReadBlobLinesAsync(done.GetProperty("error_blob").GetString()!))
            .ToDictionary(line => line.GetProperty("custom_id").GetString()!);
        Assert.Equal(["max-tokens", "temperature"], errors.Keys.Order());
        AssertRefused(errors["max-tokens"], MaxTokensRefused);
        AssertRefused(errors["temperature"], TemperatureRefused);
    }

    [Fact]
    public async Task ReasoningEffortOnGpt4oFailsItsLineOnly()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Join(
            InputLines.Chat("plain", new JsonObject { ["max_completion_tokens"] = 100, ["temperature"] = 0.2 }),
            InputLines.Chat("effort", new JsonObject { ["reasoning_effort"] = "low" })));
        JsonElement done = await emulator.FinishAsync(Id(created));

        Assert.Equal("completed", Status(done));
        Assert.Equal("plain", Assert.Single(await emulator.ReadBlobLinesAsync(done.GetProperty("output_blob").GetString()!)).GetProperty("custom_id").GetString());
        JsonElement error = Assert.Single(await emulator.ReadBlobLinesAsync(done.GetProperty("error_blob").GetString()!));
        Assert.Equal("effort", error.GetProperty("custom_id").GetString());
        AssertRefused(error, EffortRefused);
    }

    private static string Gpt5Line(string customId, JsonObject parameters) =>
        InputLines.Chat(customId, parameters, deployment: "gpt-5-batch", url: "/v1/chat/completions");

    /// <summary>The error line the service writes for a refused request: an answered 400 with the exact body, no line-level error.</summary>
    private static void AssertRefused(JsonElement line, string expectedBody)
    {
        Assert.StartsWith("batch_req_", line.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
        JsonElement response = line.GetProperty("response");
        Assert.Equal(400, response.GetProperty("status_code").GetInt32());
        Assert.True(Guid.TryParse(response.GetProperty("request_id").GetString(), out _));
        Assert.Equal(expectedBody, response.GetProperty("body").GetRawText());
    }
}
