using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlobBatch.Emulator.Quota;
using BlobBatch.Emulator.Tests.Infrastructure;
using Xunit.Abstractions;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>Large and hostile input the emulator must take in its stride, and the hostile answers it can be told to give.</summary>
public class HostileInputTests(ITestOutputHelper output)
{
    private const string ListPath = "/openai/batches?api-version=2025-04-01-preview";
    private const int TenMegabytes = 10 * 1024 * 1024;

    [Fact]
    public async Task ATenMegabyteLineIsTakenInSeconds()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string line = InputLines.Chat("big", "placeholder").Replace("placeholder", new string('x', TenMegabytes));

        var clock = Stopwatch.StartNew();
        JsonElement created = await emulator.CreateBlobBatchAsync(line + "\n");
        TimeSpan toCreate = clock.Elapsed;
        JsonElement done = await emulator.FinishAsync(Id(created));
        output.WriteLine($"10 MB line: created in {toCreate.TotalSeconds:F1} s, completed in {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal("completed", Status(done));
        Assert.Equal(1, done.GetProperty("request_counts").GetProperty("completed").GetInt32());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    [InlineData(TenMegabytes)]
    public void AnUnbrokenRunIsCountedInLinearTime(int length)
    {
        var tokens = new TokenCounter();
        var clock = Stopwatch.StartNew();
        int count = tokens.Count(new string('q', length));
        output.WriteLine($"{length:N0} chars: {count:N0} tokens in {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.InRange(count, length / 16, length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void OrdinaryTextIsCountedExactly()
    {
        var tokens = new TokenCounter();
        string prose = string.Concat(Enumerable.Repeat("The printer on floor 3 jams when printing double-sided. ", 2_000));
        var exact = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o");

        Assert.Equal(exact.CountTokens(prose), tokens.Count(prose));
    }

    [Fact]
    public async Task RewriteSetsAFieldOfEveryBatchInTheAnswer()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Many(1));
        await SetFaultsAsync(emulator, new { rules = new object[]
        {
            new { kind = "Rewrite", operation = "get", field = "output_blob", value = "https://evil.example/x%2F..%2Fresults.jsonl", count = 1 },
            new { kind = "Rewrite", operation = "list", field = "id", value = "../../x/pwn", count = 1 },
        } });

        JsonElement got = await GetJsonAsync(emulator, $"/openai/batches/{Id(created)}?api-version=2025-04-01-preview");
        JsonElement listed = await GetJsonAsync(emulator, ListPath);

        Assert.Equal("https://evil.example/x%2F..%2Fresults.jsonl", got.GetProperty("output_blob").GetString());
        Assert.All(listed.GetProperty("data").EnumerateArray(), b => Assert.Equal("../../x/pwn", Id(b)));
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "text/html", 200)]
    [InlineData("null", null, 200)]
    [InlineData("", null, 200)]
    [InlineData("[]", null, 201)]
    public async Task BodyAnswersExactlyWhatItIsGiven(string body, string? contentType, int status)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Body", operation = "list", body, contentType, statusCode = status, count = 1 } } });

        using HttpResponseMessage answer = await emulator.Http.GetAsync(ListPath);

        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Equal(body, await answer.Content.ReadAsStringAsync());
        Assert.Equal(contentType ?? "application/json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HugeStreamsTheGivenNumberOfBytes()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Huge", operation = "list", sizeBytes = 3_000_000L, count = 1 } } });

        using HttpResponseMessage answer = await emulator.Http.GetAsync(ListPath, HttpCompletionOption.ResponseHeadersRead);
        bool chunked = answer.Headers.TransferEncodingChunked == true;
        byte[] body = await answer.Content.ReadAsByteArrayAsync();

        Assert.True(chunked, "no Content-Length: a client learns the size only by reading");
        Assert.Equal(3_000_000, body.Length);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(body).RootElement.ValueKind);
    }

    private static async Task SetFaultsAsync(TestEmulator emulator, object plan)
    {
        using HttpResponseMessage response = await emulator.Http.PostAsJsonAsync("/_emulator/faults", plan);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> GetJsonAsync(TestEmulator emulator, string path)
    {
        using HttpResponseMessage response = await emulator.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
