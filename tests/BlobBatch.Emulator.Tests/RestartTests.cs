using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

public class RestartTests
{
    [Fact]
    public async Task RestartMidBatchKeepsEveryBatchAndFinishesTheOneInFlight()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.Pacing.RequestLatencySeconds = 0.05;
            o.Pacing.Concurrency = 1;
        });
        string finishedId = Id(await emulator.CreateBlobBatchAsync(InputLines.Many(1, "early")));
        await emulator.FinishAsync(finishedId);
        JsonElement created = await emulator.CreateBlobBatchAsync(InputLines.Many(200));
        JsonElement midway = (await emulator.WaitAsync(Id(created), b => Status(b) == "in_progress" && Count(b, "completed") >= 5))[^1];

        await emulator.RestartAsync();

        Assert.Equal("completed", Status(await emulator.GetAsync(finishedId)));
        JsonElement done = await emulator.FinishAsync(Id(created));
        Assert.Equal("completed", Status(done));
        Assert.Equal(200, Count(done, "completed"));
        Assert.Equal(midway.GetProperty("output_blob").GetString(), done.GetProperty("output_blob").GetString());
        Assert.Equal(midway.GetProperty("in_progress_at").GetInt64(), done.GetProperty("in_progress_at").GetInt64());
        List<JsonElement> results = await emulator.ReadBlobLinesAsync(done.GetProperty("output_blob").GetString()!);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"task-{i}").Order(), results.Select(r => r.GetProperty("custom_id").GetString()!).Order());
    }
}
