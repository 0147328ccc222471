using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Validates existing JSONL files with the service's rules (and splits one over a limit beside
/// itself), reporting as it reads: a parent record for the files (file i of n) and a child record for
/// the file being read (its pass, bytes read of its size). Cancellable between lines; a cancelled
/// split leaves no part behind.
/// </summary>
public static class JsonlValidation
{
    private const string Activity = "Validating batch input";
    private const string FileActivity = "Reading the file";

    public static IReadOnlyList<BatchInputResult> Prepare(
        IReadOnlyList<string> paths, string? deployment, SplitLimits limits, TokenCounter tokens, bool force,
        IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new List<BatchInputResult>(paths.Count);
        var throttle = new ThrottledProgress(progress);
        for (int i = 0; i < paths.Count; i++)
        {
            string path = paths[i];

            // Measured once reading began: the file's own checks (missing, a NUL in its name) give their errors first.
            long size = -1;
            string fileStatus = $"File {i + 1} of {paths.Count}: {Path.GetFileName(path)}";
            progress?.Report(new WorkProgress(ProgressActivities.Validating, Activity, fileStatus, WorkProgress.PercentOf(i, paths.Count)));
            results.Add(JsonlInputFile.Prepare(
                path,
                deployment,
                limits,
                tokens,
                force,
                (pass, read) =>
                {
                    if (throttle.IsDue)
                    {
                        size = size < 0 ? new FileInfo(path).Length : size;
                        throttle.Report(() => FileProgress(pass, read, size));
                    }
                },
                cancellationToken));
            throttle.Complete(ProgressActivities.ValidatingFile, FileActivity, ProgressActivities.Validating);
        }

        throttle.Complete(ProgressActivities.Validating, Activity);
        return results;
    }


    private static WorkProgress FileProgress(JsonlPass pass, long read, long size) => new(
        ProgressActivities.ValidatingFile,
        FileActivity,
        $"{(pass == JsonlPass.Checking ? "Checking requests" : "Splitting into parts")}: {read:N0} of {size:N0} bytes",
        WorkProgress.PercentOf(read, size),
        ProgressActivities.Validating);
}
