using System.Net;
using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

public class FileModeTests
{
    [Fact]
    public async Task UploadedFileRunsAsABatchWithOutputAndErrorFiles()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string jsonl = InputLines.Many(4);
        JsonElement file = await emulator.UploadFileAsync(jsonl, path: "/openai/files?api-version=2024-10-21");

        Assert.StartsWith("file-", file.GetProperty("id").GetString());
        Assert.Equal("batch", file.GetProperty("purpose").GetString());
        Assert.Equal("processed", file.GetProperty("status").GetString());
        Assert.Equal(jsonl.Length, file.GetProperty("bytes").GetInt32());

        JsonElement created = await emulator.CreateAsync(TestEmulator.FileBody(file.GetProperty("id").GetString()!));
        Assert.False(created.TryGetProperty("input_blob", out _));
        Assert.Equal(file.GetProperty("id").GetString(), created.GetProperty("input_file_id").GetString());
        JsonElement done = await emulator.FinishAsync(Id(created));

        Assert.Equal("completed", Status(done));
        string outputId = done.GetProperty("output_file_id").GetString()!;
        string errorId = done.GetProperty("error_file_id").GetString()!;
        string output = await emulator.Http.GetStringAsync($"/openai/v1/files/{outputId}/content");
        Assert.Equal(4, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        JsonElement outputFile = TestEmulator.Parse(BinaryData.FromString(await emulator.Http.GetStringAsync($"/openai/v1/files/{outputId}")));
        Assert.Equal("batch_output", outputFile.GetProperty("purpose").GetString());
        Assert.Equal("", await emulator.Http.GetStringAsync($"/openai/v1/files/{errorId}/content"));
    }

    [Fact]
    public async Task BatchWithMetadataInFileModeKeepsIt()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        JsonElement file = await emulator.UploadFileAsync(InputLines.Many(1));

        JsonElement created = await emulator.CreateAsync(TestEmulator.FileBody(file.GetProperty("id").GetString()!)[..^1] + ",\"metadata\":{\"run\":\"7\"}}");

        Assert.Equal("7", created.GetProperty("metadata").GetProperty("run").GetString());
    }

    [Fact]
    public async Task FilesListPagesGetsAndDeletes()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        List<string> ids = [];
        for (int i = 0; i < 3; i++)
        {
            ids.Add((await emulator.UploadFileAsync(InputLines.Many(1, $"f{i}"))).GetProperty("id").GetString()!);
        }

        JsonElement first = await GetJsonAsync(emulator, "/openai/v1/files?purpose=batch&limit=2&order=asc");
        Assert.Equal(ids.Take(2), first.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[1], first.GetProperty("last_id").GetString());
        JsonElement second = await GetJsonAsync(emulator, $"/openai/v1/files?limit=2&order=asc&after={ids[1]}");
        Assert.Equal(ids[2], Assert.Single(second.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(second.GetProperty("has_more").GetBoolean());
        JsonElement newestFirst = await GetJsonAsync(emulator, "/openai/files?api-version=2024-10-21");
        Assert.Equal(ids[2], newestFirst.GetProperty("first_id").GetString());
        JsonElement none = await GetJsonAsync(emulator, "/openai/v1/files?purpose=batch_output");
        Assert.Empty(none.GetProperty("data").EnumerateArray());

        using HttpResponseMessage deleted = await emulator.Http.DeleteAsync($"/openai/v1/files/{ids[0]}");
        JsonElement body = TestEmulator.Parse(BinaryData.FromString(await deleted.Content.ReadAsStringAsync()));
        Assert.True(body.GetProperty("deleted").GetBoolean());
        Assert.Equal(ids[0], body.GetProperty("id").GetString());
        using HttpResponseMessage gone = await emulator.Http.GetAsync($"/openai/v1/files/{ids[0]}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task UploadWithAnotherPurposeIsRejected()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("fine-tune"), "purpose" }, { new StringContent("{}"), "file", "x.jsonl" } };

        using HttpResponseMessage response = await emulator.Http.PostAsync("/openai/v1/files", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<JsonElement> GetJsonAsync(TestEmulator emulator, string path) =>
        TestEmulator.Parse(BinaryData.FromString(await emulator.Http.GetStringAsync(path)));
}
