using BlobBatch.Core.Input;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Workflows.Tests;

/// <summary>Validating an existing JSONL file: progress as it reads (a file record under the validation's), and a cancel that stops it.</summary>
public sealed class JsonlValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("blobbatch-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ValidatingReportsBytesReadUnderTheValidationAndCompletesBoth()
    {
        string path = WriteRequests("in.jsonl", 5_000);
        var reports = new List<WorkProgress>();
        var hooks = new WorkflowHooks { Progress = new SynchronousProgress<WorkProgress>(reports.Add) };

        BatchInputResult result = InputBuilder.ValidateJsonl(path, null, new SplitLimits { MaxRequests = 2_000 }, null, false, hooks, CancellationToken.None);

        Assert.Equal(3, result.Parts.Count);
        long size = new FileInfo(path).Length;
        // Throttled: the first report of the file passes at once, later ones at most five a second.
        WorkProgress reading = reports.First(r => r.ActivityId == ProgressActivities.ValidatingFile && !r.Completed && r.Status.StartsWith("Checking requests", StringComparison.Ordinal));
        Assert.Equal(ProgressActivities.Validating, reading.ParentActivityId);
        Assert.Contains($"of {size:N0} bytes", reading.Status);
        Assert.Contains(reports, r => r.ActivityId == ProgressActivities.Validating && !r.Completed && r.Status.Contains("File 1 of 1"));
        Assert.Contains(reports, r => r.ActivityId == ProgressActivities.ValidatingFile && r.Completed && r.ParentActivityId == ProgressActivities.Validating);
        Assert.Equal(ProgressActivities.Validating, reports[^1].ActivityId);
        Assert.True(reports[^1].Completed);
    }

    [Fact]
    public void ACancelStopsTheValidationBetweenLinesAndLeavesNoPartBehind()
    {
        string path = WriteRequests("big.jsonl", 50_000);
        using var cancel = new CancellationTokenSource();
        var reports = new List<WorkProgress>();
        var hooks = new WorkflowHooks
        {
            Progress = new SynchronousProgress<WorkProgress>(report =>
            {
                reports.Add(report);
                if (report.ActivityId == ProgressActivities.ValidatingFile)
                {
                    cancel.Cancel();
                }
            }),
        };

        Assert.ThrowsAny<OperationCanceledException>(() =>
            InputBuilder.ValidateJsonl(path, null, new SplitLimits { MaxRequests = 10_000 }, null, false, hooks, cancel.Token));

        // Stopped at the line after the first report: the file was never finished, nothing was split.
        Assert.DoesNotContain(reports, r => r.Completed);
        Assert.Equal(new[] { "big.jsonl" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    private string WriteRequests(string name, int count)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllLines(path, Enumerable.Range(1, count).Select(i =>
            $"{{\"custom_id\":\"r{i}\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{{\"model\":\"gpt-4o-batch\",\"messages\":[{{\"role\":\"user\",\"content\":\"Ticket {i}: the printer on floor {i % 7} jams\"}}]}}}}"));
        return path;
    }
}
