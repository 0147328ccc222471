using System.Net;
using System.Text;
using System.Text.Json;
using BlobBatch.Emulator.Http;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>Known dated versions, any well-formed dated version newer than the newest known, and v1.</summary>
public class ApiVersionTests
{
    [Theory]
    [InlineData("/openai/batches", HttpStatusCode.BadRequest)]
    [InlineData("/openai/batches?api-version=2023-05-15", HttpStatusCode.BadRequest)]
    [InlineData("/openai/batches?api-version=2024-10-21", HttpStatusCode.OK)]
    [InlineData("/openai/batches?api-version=2025-07-01-preview", HttpStatusCode.OK)]
    [InlineData("/openai/batches?api-version=2026-01-01", HttpStatusCode.OK)]
    [InlineData("/openai/batches?api-version=2025-04-01", HttpStatusCode.OK)]
    [InlineData("/openai/batches?api-version=2025-03-15-preview", HttpStatusCode.BadRequest)]
    [InlineData("/openai/batches?api-version=2026-13-01", HttpStatusCode.BadRequest)]
    [InlineData("/openai/batches?api-version=2026-1-1", HttpStatusCode.BadRequest)]
    [InlineData("/openai/batches?api-version=2026-01-01-beta", HttpStatusCode.BadRequest)]
    [InlineData("/openai/batches?api-version=v1", HttpStatusCode.BadRequest)]
    [InlineData("/openai/v1/batches", HttpStatusCode.OK)]
    [InlineData("/openai/v1/batches?api-version=preview", HttpStatusCode.OK)]
    [InlineData("/openai/v1/batches?api-version=2026-03-01-preview", HttpStatusCode.OK)]
    [InlineData("/openai/v1/batches?api-version=1999-01-01", HttpStatusCode.BadRequest)]
    [InlineData("/openai/deployments/x/batches?api-version=2024-10-21", HttpStatusCode.NotFound)]
    [InlineData("/openai/batches/batch_unknown?api-version=2024-10-21", HttpStatusCode.NotFound)]
    public async Task ApiVersionRulesAndUnknownPaths(string path, HttpStatusCode expected)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        using HttpResponseMessage response = await emulator.Http.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            if (expected == HttpStatusCode.BadRequest)
            {
                Assert.Equal("invalidPayload", error.GetProperty("code").GetString());
                Assert.Contains("api-version", error.GetProperty("message").GetString());
            }
        }
    }

    [Fact]
    public async Task NewerDatedVersionCreatesABlobBatchAndSeesItsBlobFields()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Many(2));
        using var content = new StringContent(TestEmulator.BlobBody(input, emulator.OutputFolderUrl), Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await emulator.Http.PostAsync("/openai/batches?api-version=2026-01-01-preview", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement created = TestEmulator.Parse(BinaryData.FromString(await response.Content.ReadAsStringAsync()));
        Assert.Equal(input, created.GetProperty("input_blob").GetString());
        Assert.Equal("completed", Status(await emulator.FinishAsync(Id(created))));
    }

    [Theory]
    [InlineData("2025-04-01-preview", "2025-04-01", -1)]
    [InlineData("2025-04-01", "2025-07-01-preview", -1)]
    [InlineData("2026-01-01", "2026-01-01", 0)]
    [InlineData("2024-10-21", "2024-09-01-preview", 1)]
    public void DatedVersionsOrderByDateThenPreviewBeforeGa(string left, string right, int sign) =>
        Assert.Equal(sign, Math.Sign(DatedApiVersion.Parse(left).CompareTo(DatedApiVersion.Parse(right))));

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("preview")]
    [InlineData("2025-02-30")]
    [InlineData("2025-04-01-Preview")]
    [InlineData(" 2025-04-01")]
    public void MalformedVersionsDoNotParse(string text) => Assert.False(DatedApiVersion.TryParse(text, out _));
}
