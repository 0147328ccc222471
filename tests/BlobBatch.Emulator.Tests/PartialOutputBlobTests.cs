using System.ClientModel.Primitives;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using BlobBatch.Emulator.Tests.Infrastructure;
using OpenAI.Batch;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>
/// Issue 13: a cancelled or expired batch may carry no output_blob / error_blob although its partial results are in
/// the output folder. The emulator plays that when asked (omitPartialOutputBlobs), at start-up or at run time.
/// </summary>
public class PartialOutputBlobTests
{
    [Fact]
    public async Task ACancelledBatchNamesNoBlobsWhenSwitchedOnAtRunTimeYetItsPartialResultsAreInTheFolder()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 1;
        });
        using (HttpResponseMessage set = await emulator.Http.PostAsJsonAsync("/_emulator/faults", new { omitPartialOutputBlobs = true }))
        {
            set.EnsureSuccessStatusCode();
        }

        JsonElement plan = JsonDocument.Parse(await emulator.Http.GetStringAsync("/_emulator/faults")).RootElement;
        Assert.True(plan.GetProperty("omitPartialOutputBlobs").GetBoolean());
        string input = await emulator.UploadInputAsync(InputLines.Many(400));
        CreateBatchOperation operation = await emulator.CreateOperationAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));
        JsonElement running = (await emulator.WaitAsync(operation.BatchId, b => Status(b) == "in_progress" && Count(b, "completed") >= 3))[^1];
        Assert.NotEqual("", running.GetProperty("output_blob").GetString());

        await operation.CancelAsync(new RequestOptions());

        JsonElement done = await emulator.FinishAsync(operation.BatchId);
        Assert.Equal("cancelled", Status(done));
        Assert.Equal("", done.GetProperty("output_blob").GetString());
        Assert.Equal("", done.GetProperty("error_blob").GetString());
        List<JsonElement> results = await emulator.ReadBlobLinesAsync(await SinglePublishedAsync(emulator, "results.jsonl"));
        Assert.Equal(Count(done, "completed"), results.Count);
        Assert.InRange(results.Count, 3, 399);
    }

    [Fact]
    public async Task AnExpiredBatchNamesNoBlobsWhenConfiguredSoYetItsErrorsAreInTheFolder()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.ExpirySeconds = 1;
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 1;
            o.Faults.OmitPartialOutputBlobs = true;
        });
        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Many(200));

        JsonElement done = await emulator.FinishAsync(Id(created));

        Assert.Equal("expired", Status(done));
        Assert.Equal("", done.GetProperty("output_blob").GetString());
        Assert.Equal("", done.GetProperty("error_blob").GetString());
        List<JsonElement> errors = await emulator.ReadBlobLinesAsync(await SinglePublishedAsync(emulator, "errors.jsonl"));
        Assert.Equal(Count(done, "failed"), errors.Count);
        Assert.Contains(errors, e => e.GetProperty("error").GetProperty("code").GetString() == "batch_expired");
    }

    [Fact]
    public async Task OffByDefaultACancelledBatchNamesItsBlobs()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 1;
        });
        string input = await emulator.UploadInputAsync(InputLines.Many(400));
        CreateBatchOperation operation = await emulator.CreateOperationAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));
        await emulator.WaitAsync(operation.BatchId, b => Status(b) == "in_progress" && Count(b, "completed") >= 3);

        await operation.CancelAsync(new RequestOptions());

        JsonElement done = await emulator.FinishAsync(operation.BatchId);
        Assert.Equal("cancelled", Status(done));
        Assert.Equal(await SinglePublishedAsync(emulator, "results.jsonl"), done.GetProperty("output_blob").GetString());
    }

    /// <summary>The URL of the one {guid}/<paramref name="fileName"/> the batch published in the output container.</summary>
    private static async Task<string> SinglePublishedAsync(TestEmulator emulator, string fileName)
    {
        var names = new List<string>();
        await foreach (BlobItem blob in emulator.OutputContainer.GetBlobsAsync())
        {
            if (blob.Name.EndsWith("/" + fileName, StringComparison.Ordinal))
            {
                names.Add(blob.Name);
            }
        }

        return emulator.OutputContainer.GetBlobClient(Assert.Single(names)).Uri.AbsoluteUri;
    }
}
