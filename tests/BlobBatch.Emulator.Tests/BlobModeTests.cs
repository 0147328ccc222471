using System.ClientModel;
using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

public class BlobModeTests
{
    [Fact]
    public async Task BlobBatchCompletesWithResultsUnderAGuidFolderAndNoErrorsBlob()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Many(5));

        JsonElement created = await emulator.CreateAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));

        Assert.Equal("validating", Status(created));
        Assert.StartsWith("batch_", Id(created));
        Assert.Equal(input, created.GetProperty("input_blob").GetString());
        Assert.Equal("", created.GetProperty("output_blob").GetString());
        Assert.Equal("", created.GetProperty("error_blob").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("input_file_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("metadata").ValueKind);
        Assert.Equal(0, Count(created, "total"));
        Assert.Equal(created.GetProperty("created_at").GetInt64() + 86_400, Time(created, "expires_at"));

        JsonElement done = await emulator.FinishAsync(Id(created));

        Assert.Equal("completed", Status(done));
        Assert.Equal(5, Count(done, "total"));
        Assert.Equal(5, Count(done, "completed"));
        Assert.Equal(0, Count(done, "failed"));
        string outputBlob = done.GetProperty("output_blob").GetString()!;
        string errorBlob = done.GetProperty("error_blob").GetString()!;
        Assert.Matches($"^{emulator.OutputFolderUrl}/[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}/results.jsonl$", outputBlob);
        Assert.Equal(outputBlob.Replace("results.jsonl", "errors.jsonl"), errorBlob);
        Assert.False(await emulator.BlobExistsAsync(errorBlob));

        List<JsonElement> lines = await emulator.ReadBlobLinesAsync(outputBlob);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"task-{i}").Order(), lines.Select(l => l.GetProperty("custom_id").GetString()!).Order());
        foreach (JsonElement line in lines)
        {
            Assert.StartsWith("batch_req_", line.GetProperty("id").GetString());
            Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
            JsonElement response = line.GetProperty("response");
            Assert.Equal(200, response.GetProperty("status_code").GetInt32());
            Assert.False(string.IsNullOrEmpty(response.GetProperty("request_id").GetString()));
            JsonElement body = response.GetProperty("body");
            Assert.Equal("chat.completion", body.GetProperty("object").GetString());
            Assert.StartsWith("echo: request number ", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
            Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
            Assert.True(body.TryGetProperty("prompt_filter_results", out _));
        }
    }

    [Fact]
    public async Task FailedRequestsGoToErrorsBlobAndCountAsFailed()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.Faults.RequestFailureRate = 0.5);
        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Many(40));

        JsonElement done = await emulator.FinishAsync(Id(created));

        Assert.Equal("completed", Status(done));
        List<JsonElement> results = await emulator.ReadBlobLinesAsync(done.GetProperty("output_blob").GetString()!);
        List<JsonElement> errors = await emulator.ReadBlobLinesAsync(done.GetProperty("error_blob").GetString()!);
        Assert.NotEmpty(results);
        Assert.NotEmpty(errors);
        Assert.Equal(results.Count, Count(done, "completed"));
        Assert.Equal(errors.Count, Count(done, "failed"));
        Assert.Equal(40, Count(done, "total"));
        Assert.Equal(40, results.Count + errors.Count);
        foreach (JsonElement error in errors)
        {
            Assert.Equal(500, error.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("server_error", error.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task MetadataInBlobModeIsRejected()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Many(1));
        string body = TestEmulator.BlobBody(input, emulator.OutputFolderUrl)[..^1] + ",\"metadata\":{\"team\":\"a\"}}";

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => emulator.CreateAsync(body));

        Assert.Equal(400, ex.Status);
        Assert.Contains("metadata", ex.GetRawResponse()!.Content.ToString());
    }

    [Fact]
    public async Task BlobFieldsOnAnOlderApiVersionAreRejected()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Many(1));
        var oldClient = TestEmulator.CreateBatchClient(emulator.Host.BaseUri, Azure.AI.OpenAI.AzureOpenAIClientOptions.ServiceVersion.V2024_10_21);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => oldClient.CreateBatchAsync(
            BinaryContent.Create(BinaryData.FromString(TestEmulator.BlobBody(input, emulator.OutputFolderUrl))), waitUntilCompleted: false));

        Assert.Equal(400, ex.Status);
        Assert.Contains("input_blob", ex.GetRawResponse()!.Content.ToString());
    }

    [Fact]
    public async Task OutputFolderWithAPrefixAndTheV1PathWork()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Many(2));
        string folder = emulator.OutputFolderUrl + "/runs/first";
        using var content = new StringContent(TestEmulator.BlobBody(input, folder, "/v1/chat/completions"), System.Text.Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await emulator.Http.PostAsync("/openai/v1/batches", content);
        JsonElement created = TestEmulator.Parse(BinaryData.FromString(await response.Content.ReadAsStringAsync()));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/chat/completions", created.GetProperty("endpoint").GetString());
        JsonElement done = await emulator.FinishAsync(Id(created));
        string outputBlob = done.GetProperty("output_blob").GetString()!;
        Assert.StartsWith(folder + "/", outputBlob);
        Assert.Equal(2, (await emulator.ReadBlobLinesAsync(outputBlob)).Count);
    }
}
