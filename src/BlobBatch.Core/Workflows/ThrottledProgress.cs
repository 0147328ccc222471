using System;
using System.Diagnostics;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Passes at most one report per interval for each activity (a host redraws slowly, and a report per
/// row would cost more than the row); a completed report always passes.
/// </summary>
public sealed class ThrottledProgress
{
    private static readonly long Interval = Stopwatch.Frequency / 5;

    private readonly IProgress<WorkProgress>? _target;
    private long _last = -Interval;

    public ThrottledProgress(IProgress<WorkProgress>? target) => _target = target;

    public bool IsDue => _target is not null && Stopwatch.GetTimestamp() - _last >= Interval;

    public void Report(Func<WorkProgress> report)
    {
        if (IsDue)
        {
            _last = Stopwatch.GetTimestamp();
            _target!.Report(report());
        }
    }

    public void Complete(int activityId, string activity, int parentActivityId = -1) =>
        _target?.Report(new WorkProgress(activityId, activity, "Done", 100, parentActivityId, completed: true));
}
