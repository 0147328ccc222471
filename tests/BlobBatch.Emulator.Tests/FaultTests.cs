using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlobBatch.Emulator.Output;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>Faults are set through /_emulator/faults (or configuration) and seen by clients over HTTP.</summary>
public class FaultTests
{
    private const string ListPath = "/openai/batches?api-version=2025-04-01-preview";

    [Fact]
    public async Task ThrottleAnswers429WithRetryAfterHeadersThenRecovers()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Throttle", operation = "list", count = 1, retryAfterMilliseconds = 1500 } } });

        using HttpResponseMessage throttled = await emulator.Http.GetAsync(ListPath);
        using HttpResponseMessage next = await emulator.Http.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("2", throttled.Headers.GetValues("Retry-After").Single());
        Assert.Equal("1500", throttled.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("tooManyRequests", (await ErrorAsync(throttled)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task OfficialClientRetriesThroughAThrottleHonouringRetryAfterMs()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Many(1));
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Throttle", operation = "get", count = 1, retryAfterMilliseconds = 50 } } });

        JsonElement batch = await emulator.GetAsync(Id(created));

        Assert.Equal(Id(created), Id(batch));
        JsonElement plan = await GetFaultsAsync(emulator);
        Assert.Equal(1, plan.GetProperty("rules")[0].GetProperty("hits").GetInt32());
    }

    [Fact]
    public async Task NextNCreateCallsFailWith500WhileOtherOperationsWork()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Many(1));
        string body = TestEmulator.BlobBody(input, emulator.OutputFolderUrl);
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Status", statusCode = 500, operation = "create", method = "POST", count = 2 } } });

        HttpStatusCode[] creates = new HttpStatusCode[3];
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage response = await emulator.Http.PostAsync(ListPath, new StringContent(body, Encoding.UTF8, "application/json"));
            creates[i] = response.StatusCode;
        }

        using HttpResponseMessage list = await emulator.Http.GetAsync(ListPath);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], creates);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task RateOf503OnListUntilCleared()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Status", statusCode = 503, operation = "list", rate = 1.0 } } });

        using HttpResponseMessage first = await emulator.Http.GetAsync(ListPath);
        using HttpResponseMessage second = await emulator.Http.GetAsync(ListPath);
        using HttpResponseMessage cleared = await emulator.Http.DeleteAsync("/_emulator/faults");
        using HttpResponseMessage after = await emulator.Http.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal("serviceUnavailable", (await ErrorAsync(first)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ConfiguredRateZeroNeverFires()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
            o.Faults.Rules = [new() { Kind = Faults.FaultKind.Status, StatusCode = 500, Rate = 0 }]);

        using HttpResponseMessage response = await emulator.Http.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ConfiguredFaultAppliesFromStart()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
            o.Faults.Rules = [new() { Kind = Faults.FaultKind.Status, StatusCode = 503, Count = 1 }]);

        using HttpResponseMessage first = await emulator.Http.GetAsync(ListPath);
        using HttpResponseMessage second = await emulator.Http.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task DroppedConnectionGivesTheClientNoAnswer()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Drop", operation = "list", count = 1 } } });

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.Http.GetAsync(ListPath));
        using HttpResponseMessage next = await emulator.Http.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task SlowResponseOutlastsAShortClientTimeout()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        await SetFaultsAsync(emulator, new { rules = new[] { new { kind = "Delay", operation = "list", count = 1, delayMilliseconds = 5000 } } });
        using var impatient = new HttpClient { BaseAddress = emulator.Host.BaseUri, Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Add("api-key", TestEmulator.ApiKey);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(ListPath));
        using HttpResponseMessage next = await impatient.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task PerRequestFailureRateFailsTheSameRequestsEveryTime()
    {
        const double rate = 0.3;
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        await SetFaultsAsync(emulator, new { requestFailureRate = rate });

        JsonElement done = await emulator.FinishAsync(Id(await emulator.CreateBlobBatchAsync(InputLines.Many(50))));

        string[] expected = [.. Enumerable.Range(0, 50).Select(i => $"task-{i}").Where(id => RequestFailureSelector.ShouldFail(id, rate)).Order()];
        Assert.InRange(expected.Length, 1, 49);
        List<JsonElement> errors = await emulator.ReadBlobLinesAsync(done.GetProperty("error_blob").GetString()!);
        Assert.Equal(expected, errors.Select(e => e.GetProperty("custom_id").GetString()!).Order());
        Assert.Equal(expected.Length, Count(done, "failed"));
        Assert.Equal(50 - expected.Length, Count(done, "completed"));
    }

    [Fact]
    public async Task HealthAnswersWithoutAuth()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = emulator.Host.BaseUri };

        JsonElement health = JsonDocument.Parse(await anonymous.GetStringAsync("/_emulator/health")).RootElement;

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    private static async Task SetFaultsAsync(TestEmulator emulator, object plan)
    {
        using HttpResponseMessage response = await emulator.Http.PostAsJsonAsync("/_emulator/faults", plan);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> GetFaultsAsync(TestEmulator emulator) =>
        JsonDocument.Parse(await emulator.Http.GetStringAsync("/_emulator/faults")).RootElement.Clone();

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").Clone();
}
