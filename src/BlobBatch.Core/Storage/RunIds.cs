using System;
using System.Globalization;
using System.Text.RegularExpressions;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Storage;

/// <summary>
/// Names for runs. A run id starts every blob name the run uploads, so no name is ever reused: the
/// service fails a batch whose input changes while it runs. It is also a folder in both containers,
/// so only letters, digits and hyphens are accepted (no '/', '.' or '..').
/// </summary>
public static class RunIds
{
    private static readonly Regex Shape = new("^[A-Za-z0-9][A-Za-z0-9-]{0,62}\\z", RegexOptions.CultureInvariant);

    public static string New() =>
        DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

    public static bool IsValid(string? runId) => runId is not null && Shape.IsMatch(runId);

    public static string Require(string? runId)
    {
        if (!IsValid(runId))
        {
            string shown = Redaction.Value(runId);
            throw new BlobBatchException(
                "InvalidRunId", ErrorKind.InvalidArgument,
                $"{shown} is not a run id: use 1 to 63 letters, digits and hyphens, starting with a letter or digit.",
                shown);
        }

        return runId!;
    }
}
