using System;
using System.Collections.Generic;
using System.Linq;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// One progress bar per target of a run (parts running, queued and done there), under a parent bar,
/// while the run starts and while it is waited for; shown only when a run has more than one target.
/// </summary>
internal static class TargetProgress
{
    private const string Activity = "Targets";

    /// <summary>How one target stands: batches queued at the service (validating), running, and ended; a note such as "set aside".</summary>
    public sealed class Line
    {
        public Line(string name, int queued, int running, int done, string? note = null)
        {
            Name = name;
            Queued = queued;
            Running = running;
            Done = done;
            Note = note;
        }

        public string Name { get; }

        public int Queued { get; }

        public int Running { get; }

        public int Done { get; }

        public string? Note { get; }

        public string Describe() => $"{Running} running, {Queued} queued, {Done} done{(Note is null ? string.Empty : $"; {Note}")}";
    }

    public static void Report(IProgress<WorkProgress>? progress, IReadOnlyList<Line> lines, string summary)
    {
        if (progress is null || lines.Count < 2)
        {
            return;
        }

        progress.Report(new WorkProgress(ProgressActivities.Targets, Activity, summary));
        for (int i = 0; i < lines.Count; i++)
        {
            progress.Report(new WorkProgress(ProgressActivities.Target + i, lines[i].Name, lines[i].Describe(), parentActivityId: ProgressActivities.Targets));
        }
    }

    public static void Complete(IProgress<WorkProgress>? progress, int count)
    {
        if (progress is null || count < 2)
        {
            return;
        }

        for (int i = 0; i < count; i++)
        {
            progress.Report(new WorkProgress(ProgressActivities.Target + i, Activity, "Done", 100, ProgressActivities.Targets, completed: true));
        }

        progress.Report(new WorkProgress(ProgressActivities.Targets, Activity, "Done", 100, completed: true));
    }

    /// <summary>Jobs grouped by where they run (resource and deployment), for the wait.</summary>
    public static IReadOnlyList<Line> Of(IEnumerable<BlobBatchJob> jobs) =>
        jobs.GroupBy(j => $"{j.Context.Endpoint.Authority}/{j.Deployment}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Line(
                g.Key,
                g.Count(j => j.Status == BatchStatus.Validating),
                g.Count(j => !j.IsTerminal && j.Status != BatchStatus.Validating),
                g.Count(j => j.IsTerminal)))
            .ToList();
}
