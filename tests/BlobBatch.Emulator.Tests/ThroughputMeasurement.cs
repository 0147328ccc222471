using System.Diagnostics;
using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;
using Xunit.Abstractions;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>
/// How long a 10,000-request blob batch takes end to end at zero pacing, split by phase. Opt-in, and it asserts
/// only the outcome, never a duration. Run:
/// BLOBBATCH_EMULATOR_PERF=1 dotnet test tests/BlobBatch.Emulator.Tests -c Release --filter ThroughputMeasurement --logger "console;verbosity=detailed"
/// </summary>
public class ThroughputMeasurement(ITestOutputHelper output)
{
    private const int Requests = 10_000;

    [OptInFact("BLOBBATCH_EMULATOR_PERF")]
    public async Task TenThousandRequestBatchAtZeroPacing()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        // The first batch pays for JIT and loading the o200k vocabulary; the second shows the steady state.
        output.WriteLine("first batch in a fresh emulator:");
        await MeasureAsync(emulator, "cold");
        output.WriteLine("second batch, same emulator:");
        await MeasureAsync(emulator, "warm");
    }

    private async Task MeasureAsync(TestEmulator emulator, string prefix)
    {
        string jsonl = InputLines.Many(Requests, prefix);
        var clock = Stopwatch.StartNew();
        var phases = new List<(string Name, TimeSpan At)>();

        string input = await emulator.UploadInputAsync(jsonl, prefix + ".jsonl");
        phases.Add(($"upload input ({jsonl.Length / 1024} KiB)", clock.Elapsed));
        JsonElement created = await emulator.CreateAsync(TestEmulator.BlobBody(input, emulator.OutputFolderUrl));
        phases.Add(("create (reads the blob, counts tokens)", clock.Elapsed));
        string last = "validating";
        JsonElement final = (await emulator.WaitAsync(Id(created), b =>
        {
            string status = Status(b);
            if (status != last)
            {
                phases.Add(($"{last} ended", clock.Elapsed));
                last = status;
            }

            return status is "completed" or "failed";
        }))[^1];
        List<JsonElement> results = await emulator.ReadBlobLinesAsync(final.GetProperty("output_blob").GetString()!);
        phases.Add(("download and parse results.jsonl", clock.Elapsed));

        Assert.Equal("completed", Status(final));
        Assert.Equal(Requests, results.Count);
        TimeSpan previous = TimeSpan.Zero;
        foreach ((string name, TimeSpan at) in phases)
        {
            output.WriteLine($"{name,-45} {(at - previous).TotalMilliseconds,8:F0} ms");
            previous = at;
        }

        output.WriteLine($"{"total",-45} {clock.Elapsed.TotalMilliseconds,8:F0} ms");
    }
}
