namespace BlobBatch.Core.Workflows;

/// <summary>One progress report: an activity (with its parent for a sub-step), what it is at, and how far.</summary>
public sealed class WorkProgress
{
    public WorkProgress(int activityId, string activity, string status, int percent = -1, int parentActivityId = -1, bool completed = false)
    {
        ActivityId = activityId;
        Activity = activity;
        Status = status;
        Percent = percent;
        ParentActivityId = parentActivityId;
        Completed = completed;
    }

    public int ActivityId { get; }

    public int ParentActivityId { get; }

    public string Activity { get; }

    public string Status { get; }

    /// <summary>0-100, or -1 when unknown.</summary>
    public int Percent { get; }

    public bool Completed { get; }

    public static int PercentOf(long done, long total) => total <= 0 ? -1 : (int)System.Math.Min(100, done * 100 / total);
}
