using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;
using OpenAI.Batch;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

public class LifecycleTests
{
    private static readonly string[] Order = ["validating", "in_progress", "finalizing", "completed"];

    [Fact]
    public async Task StatusesFollowTheServiceOrderWithMonotonicTimestampsAndCounts()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.Pacing.ValidatingSeconds = 0.2;
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 2;
            o.Pacing.FinalizingSeconds = 0.2;
        });
        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Many(40));

        List<JsonElement> seen = await emulator.WaitForTerminalAsync(Id(created));

        List<int> positions = [.. seen.Select(b => Array.IndexOf(Order, Status(b)))];
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains(seen, b => Status(b) == "in_progress");
        int lastDone = 0;
        foreach (JsonElement batch in seen)
        {
            int done = Count(batch, "completed") + Count(batch, "failed");
            Assert.True(done <= Count(batch, "total") || Status(batch) == "validating", "completed + failed never exceeds total");
            Assert.True(done >= lastDone, "request counts never go down");
            lastDone = done;
            if (Status(batch) == "validating")
            {
                Assert.Equal(0, done);
                Assert.Equal("", batch.GetProperty("output_blob").GetString());
            }
            else
            {
                Assert.Equal(40, Count(batch, "total"));
                Assert.NotEqual("", batch.GetProperty("output_blob").GetString());
            }
        }

        JsonElement final = seen[^1];
        Assert.Equal(40, Count(final, "completed"));
        long[] times = [.. new[] { "created_at", "in_progress_at", "finalizing_at", "completed_at" }.Select(n => Time(final, n)!.Value)];
        Assert.Equal(times.Order(), times);
        foreach (string unset in new[] { "failed_at", "expired_at", "cancelling_at", "cancelled_at" })
        {
            Assert.Null(Time(final, unset));
        }
    }

    [Fact]
    public async Task CancelDuringInProgressKeepsFinishedResults()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 1;
        });
        string input = await emulator.UploadInputAsync(InputLines.Many(400));
        CreateBatchOperation operation = await emulator.CreateOperationAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));
        await emulator.WaitAsync(operation.BatchId, b => Status(b) == "in_progress" && Count(b, "completed") >= 3);

        ClientResult cancel = await operation.CancelAsync(new RequestOptions());

        JsonElement cancelling = TestEmulator.Parse(cancel.GetRawResponse().Content);
        Assert.Equal("cancelling", Status(cancelling));
        Assert.NotNull(Time(cancelling, "cancelling_at"));
        JsonElement done = await emulator.FinishAsync(operation.BatchId);
        Assert.Equal("cancelled", Status(done));
        Assert.NotNull(Time(done, "cancelled_at"));
        Assert.True(Time(done, "cancelled_at") >= Time(done, "cancelling_at"));
        List<JsonElement> results = await emulator.ReadBlobLinesAsync(done.GetProperty("output_blob").GetString()!);
        Assert.Equal(Count(done, "completed"), results.Count);
        Assert.InRange(results.Count, 3, 399);
    }

    [Fact]
    public async Task CancellingATerminalBatchIsAConflict()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string input = await emulator.UploadInputAsync(InputLines.Many(1));
        CreateBatchOperation operation = await emulator.CreateOperationAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));
        await emulator.FinishAsync(operation.BatchId);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => operation.CancelAsync(new RequestOptions()));

        Assert.Equal(409, ex.Status);
        Assert.Contains("unexpectedEntityState", ex.GetRawResponse()!.Content.ToString());
    }

    [Fact]
    public async Task CancelWhileValidatingEndsCancelledWithoutOutputs()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.Pacing.ValidatingSeconds = 60);
        string input = await emulator.UploadInputAsync(InputLines.Many(3));
        CreateBatchOperation operation = await emulator.CreateOperationAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));

        await operation.CancelAsync(new RequestOptions());

        JsonElement done = await emulator.FinishAsync(operation.BatchId);
        Assert.Equal("cancelled", Status(done));
        Assert.Null(Time(done, "in_progress_at"));
        Assert.Empty(emulator.OutputContainer.GetBlobs());
    }

    [Fact]
    public async Task ExpiryMovesUnfinishedRequestsToErrorsAsBatchExpired()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.ExpirySeconds = 1;
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 1;
        });
        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Many(200));

        JsonElement done = await emulator.FinishAsync(Id(created));

        Assert.Equal("expired", Status(done));
        Assert.NotNull(Time(done, "expired_at"));
        List<JsonElement> errors = await emulator.ReadBlobLinesAsync(done.GetProperty("error_blob").GetString()!);
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal(JsonValueKind.Null, e.GetProperty("response").ValueKind);
            Assert.Equal("batch_expired", e.GetProperty("error").GetProperty("code").GetString());
        });
        Assert.Equal(errors.Count, Count(done, "failed"));
        Assert.Equal(200, Count(done, "completed") + Count(done, "failed"));
    }
}
