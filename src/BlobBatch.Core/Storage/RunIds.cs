using System;
using System.Globalization;

namespace BlobBatch.Core.Storage;

/// <summary>
/// Names for runs. A run id starts every blob name the run uploads, so no name is ever reused: the
/// service fails a batch whose input changes while it runs.
/// </summary>
public static class RunIds
{
    public static string New() =>
        DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
}
