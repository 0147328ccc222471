using System.Text.Json;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;
using static BlobBatch.Emulator.Tests.Infrastructure.InputLines;

namespace BlobBatch.Emulator.Tests;

/// <summary>Content problems are found asynchronously: the batch goes validating → failed with the code and 1-based line.</summary>
public class ValidationTests
{
    private const int TaskLimit = 3;

    public static TheoryData<string, string, string, int?> Cases => new()
    {
        { "empty", "", "empty_file", null },
        { "only blank lines", "\n\r\n\n", "empty_file", null },
        { "byte order mark", "\uFEFF" + Many(2), "invalid_request", 1 },
        { "broken json", Join(Chat("a"), Chat("b"), "{\"custom_id\": \"c\",", Chat("d")), "invalid_json_line", 3 },
        { "missing custom_id", Join(Chat("a"), Chat("b").Replace("\"custom_id\":\"b\",", "")), "invalid_request", 2 },
        { "GET instead of POST", Join(Chat("a"), Chat("b", method: "GET")), "invalid_request", 2 },
        { "missing body", Join(Chat("a"), "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/chat/completions\"}"), "invalid_request", 2 },
        { "line that is not an object", Join(Chat("a"), "[1,2]"), "invalid_request", 2 },
        { "standard deployment", Join(Chat("a", deployment: "gpt-4o-standard"), Chat("b", deployment: "gpt-4o-standard")), "invalid_request", 1 },
        { "too many tasks", Many(TaskLimit + 2), "too_many_tasks", TaskLimit + 1 },
        { "duplicate custom_id", Join(Chat("a"), Chat("b"), Chat("a")), "duplicate_custom_id", 3 },
        { "urls differ", Join(Chat("a"), Chat("b", url: "/v1/chat/completions"), Chat("c", url: "/responses")), "url_mismatch", 3 },
        { "models differ", Join(Chat("a"), Chat("b", deployment: "gpt-4o-mini-batch")), "model_mismatch", 2 },
        { "unknown deployment", Join(Chat("a", deployment: "nope"), Chat("b", deployment: "nope")), "model_not_found", 1 },
        { "earlier check wins over earlier line", Join(Chat("a"), Chat("a"), "not json"), "invalid_json_line", 3 },
        { "custom_id twice in a line", Join(Chat("a"), Chat("b").Replace("\"custom_id\":\"b\",", "\"custom_id\":\"b\",\"custom_id\":\"c\",")), "invalid_json_line", 2 },
        { "model twice in a line", Join(Chat("a"), Chat("b").Replace("\"model\":", "\"model\":\"other\",\"model\":")), "invalid_json_line", 2 },
        { "a lone surrogate escape", Join(Chat("a"), Chat("b", "lone").Replace("lone", "x\\ud800y")), "invalid_json_line", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ContentProblemFailsTheBatchWithCodeAndLine(string why, string jsonl, string code, int? line)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.MaxRequestsPerBatch = TaskLimit);

        JsonElement created = await emulator.CreateBlobBatchAsync(jsonl);
        List<JsonElement> seen = await emulator.WaitForTerminalAsync(Id(created));

        JsonElement error = SingleError(seen[^1]);
        Assert.True(code == error.GetProperty("code").GetString(), $"{why}: expected {code}, got {error}");
        Assert.Equal(line, error.GetProperty("line").ValueKind == JsonValueKind.Null ? null : error.GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.All(seen, b => Assert.Contains(Status(b), new[] { "validating", "failed" }));
        Assert.Null(Time(seen[^1], "in_progress_at"));
    }

    [Fact]
    public async Task ByteOrderMarkGetsTheServicesMisleadingMessage()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        JsonElement created = await emulator.CreateBlobBatchAsync("\uFEFF" + Many(1));

        JsonElement error = SingleError(await emulator.FinishAsync(Id(created)));
        Assert.Contains("A valid model deployment name couldn't be extracted", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task EndpointOfTheBatchMustMatchTheLines()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        JsonElement created = await emulator.CreateBlobBatchAsync(Many(2), endpoint: "/responses");

        JsonElement error = SingleError(await emulator.FinishAsync(Id(created)));
        Assert.Equal("url_mismatch", error.GetProperty("code").GetString());
        Assert.Equal(1, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task AChatBatchTakesResponsesLinesAsAzuresSampleCreatesThem()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string line(string id) =>
            $"{{\"custom_id\":\"{id}\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{{\"model\":\"{Deployment}\",\"input\":\"What is Visual Basic?\"}}}}";

        JsonElement created = await emulator.CreateBlobBatchAsync(Join(line("r1"), line("r2")), endpoint: "/chat/completions");

        JsonElement finished = await emulator.FinishAsync(Id(created));
        Assert.Equal("completed", Status(finished));
        Assert.Equal(2, finished.GetProperty("request_counts").GetProperty("completed").GetInt32());
    }

    [Fact]
    public async Task MissingInputBlobIsInputNoPermissions()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        JsonElement created = await emulator.CreateAsync(TestEmulator.BlobBody(emulator.InputContainer.Uri + "/missing.jsonl", emulator.OutputFolderUrl));

        Assert.Equal("input_no_permissions", SingleError(await emulator.FinishAsync(Id(created))).GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnreadableInputContainerIsInputNoPermissions()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.Permissions =
        [
            new StoragePermission { Container = "*", Read = false, Write = true },
        ]);

        JsonElement created = await emulator.CreateBlobBatchAsync(Many(2));

        Assert.Equal("input_no_permissions", SingleError(await emulator.FinishAsync(Id(created))).GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnwritableOutputFolderIsOutputNoPermissions()
    {
        string? outputContainer = null;
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.Permissions =
        [
            new StoragePermission { Container = "*", Read = true, Write = false },
        ]);
        outputContainer = emulator.OutputContainer.Name;

        JsonElement created = await emulator.CreateBlobBatchAsync(Many(2));

        Assert.Equal("output_no_permissions", SingleError(await emulator.FinishAsync(Id(created))).GetProperty("code").GetString());
        Assert.Empty(emulator.OutputContainer.GetBlobs());
    }

    [Fact]
    public async Task InputChangedWhileRunningIsInputModified()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 1;
        });
        string jsonl = Many(60);
        string input = await emulator.UploadInputAsync(jsonl);
        JsonElement created = await emulator.CreateAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));
        await emulator.WaitAsync(Id(created), b => Status(b) == "in_progress");

        await emulator.UploadInputAsync(jsonl + Chat("late"));

        JsonElement done = await emulator.FinishAsync(Id(created));
        Assert.Equal("input_modified", SingleError(done).GetProperty("code").GetString());
        Assert.NotNull(Time(done, "in_progress_at"));
    }
}
