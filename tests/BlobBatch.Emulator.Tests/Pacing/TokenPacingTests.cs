using System.Diagnostics;
using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;
using OpenAI.Batch;

namespace BlobBatch.Emulator.Tests.Pacing;

/// <summary>
/// Token-rate pacing through the real emulator. Only what cannot flake is asserted: a batch never finishes before
/// its tokens ÷ the rate (a lower bound: sleeping is never short), and the older of two batches finishes first.
/// </summary>
public class TokenPacingTests
{
    private const double Rate = 200;

    [Fact]
    public async Task BatchesTakeTheirTokensOverTheRateOldestFirst()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
            o.Deployments = [new() { Name = InputLines.Deployment, Model = "gpt-4o", MaxEnqueuedTokens = 1_000_000, TokensPerSecond = Rate }]);
        string older = await emulator.UploadInputAsync(InputLines.Many(20, "older"), "older.jsonl");
        string younger = await emulator.UploadInputAsync(InputLines.Many(20, "young"), "younger.jsonl");

        var clock = Stopwatch.StartNew();
        CreateBatchOperation first = await emulator.CreateOperationAsync(TestEmulator.BlobBody(older, emulator.OutputFolderUrl));
        CreateBatchOperation second = await emulator.CreateOperationAsync(TestEmulator.BlobBody(younger, emulator.OutputFolderUrl));
        long tokens = long.Parse(first.GetRawResponse().Headers.TryGetValue("deployment-enqueued-tokens", out string? value) ? value! : "0");
        Assert.True(tokens > 0, "the create answers with the batch's estimate");

        Dictionary<string, double> finishedAt = await FinishTimesAsync(emulator, clock, first.BatchId, second.BatchId);

        double oneBatch = tokens / Rate;
        Assert.True(finishedAt[first.BatchId] >= 0.9 * oneBatch, $"the first batch took {finishedAt[first.BatchId]:N2} s, its tokens need {oneBatch:N2} s");
        Assert.True(finishedAt[second.BatchId] >= 0.9 * 2 * oneBatch, $"the second batch took {finishedAt[second.BatchId]:N2} s; both batches' tokens need {2 * oneBatch:N2} s");
        Assert.True(finishedAt[first.BatchId] < finishedAt[second.BatchId], "the older batch is processed first");
    }

    /// <summary>Seconds from the clock's start until each batch was seen completed, polling all of them together.</summary>
    private static async Task<Dictionary<string, double>> FinishTimesAsync(TestEmulator emulator, Stopwatch clock, params string[] ids)
    {
        var finished = new Dictionary<string, double>();
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        while (finished.Count < ids.Length && DateTime.UtcNow < deadline)
        {
            foreach (string id in ids.Where(i => !finished.ContainsKey(i)))
            {
                JsonElement batch = await emulator.GetAsync(id);
                Assert.NotEqual("failed", BatchAssert.Status(batch));
                if (BatchAssert.Status(batch) == "completed")
                {
                    finished[id] = clock.Elapsed.TotalSeconds;
                }
            }

            await Task.Delay(20);
        }

        Assert.Equal(ids.Length, finished.Count);
        return finished;
    }
}
