using System.Text.Json;
using System.Text.Json.Nodes;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>The upstream backend forwards each request to an OpenAI-compatible server on loopback (here a tiny local one).</summary>
public class UpstreamBackendTests
{
    [Fact]
    public async Task RequestsAreForwardedWithKeyAndModelAndAnswersBecomeResultLines()
    {
        var seen = new List<(string Path, string? Auth, string Model)>();
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using WebApplication upstream = builder.Build();
        upstream.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            JsonNode body = (await JsonNode.ParseAsync(context.Request.Body))!;
            string custom = body["messages"]![1]!["content"]!.GetValue<string>();
            lock (seen)
            {
                seen.Add((context.Request.Path, context.Request.Headers.Authorization, body["model"]!.GetValue<string>()));
            }

            return custom.EndsWith('3')
                ? Results.Json(new { error = new { code = "bad", message = "refused" } }, statusCode: 400)
                : Results.Json(new { id = "chatcmpl-1", @object = "chat.completion", choices = new[] { new { index = 0, message = new { role = "assistant", content = "upstream" } } } });
        });
        await upstream.StartAsync();
        string baseUrl = upstream.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";

        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.Backend = new BackendOptions
        {
            Kind = BackendKind.Upstream, UpstreamBaseUrl = baseUrl, UpstreamApiKey = "local-key", UpstreamModel = "llama",
        });
        JsonElement done = await emulator.FinishAsync(Id(await emulator.CreateBlobBatchAsync(InputLines.Many(4))));

        Assert.Equal(3, Count(done, "completed"));
        Assert.Equal(1, Count(done, "failed"));
        Assert.All(seen, s => Assert.Equal(("/v1/chat/completions", "Bearer local-key", "llama"), s));
        JsonElement error = Assert.Single(await emulator.ReadBlobLinesAsync(done.GetProperty("error_blob").GetString()!));
        Assert.Equal("task-3", error.GetProperty("custom_id").GetString());
        Assert.Equal(400, error.GetProperty("response").GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task NonLoopbackUpstreamIsRefusedAtStart()
    {
        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () =>
        {
            await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.Backend = new BackendOptions
            {
                Kind = BackendKind.Upstream, UpstreamBaseUrl = "http://example.com/v1",
            });
            await emulator.FinishAsync(Id(await emulator.CreateBlobBatchAsync(InputLines.Many(1))));
        });
    }
}
