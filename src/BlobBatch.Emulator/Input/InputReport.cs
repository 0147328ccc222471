using BlobBatch.Emulator.Batches;

namespace BlobBatch.Emulator.Input;

/// <summary>What inspecting an input found: the well-formed requests, and the first problem by the service's order of checks.</summary>
public sealed record InputReport(IReadOnlyList<InputRequest> Requests, BatchError? Error)
{
    /// <summary>The deployment named by the first well-formed line; the one the quota is charged to.</summary>
    public string? Deployment => Requests.Count > 0 ? Requests[0].Model : null;
}
