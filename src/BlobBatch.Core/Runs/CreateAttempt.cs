using System;

namespace BlobBatch.Core.Runs;

/// <summary>One create call for a part, as the manifest records it before the call goes out.</summary>
public sealed class CreateAttempt
{
    public DateTime At { get; set; } = DateTime.UtcNow;

    /// <summary>created, adopted, refused (with the error id), or unknown (the answer was lost: the batch may exist).</summary>
    public string Outcome { get; set; } = "sent";
}
