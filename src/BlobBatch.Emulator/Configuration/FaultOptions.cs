using BlobBatch.Emulator.Faults;

namespace BlobBatch.Emulator.Configuration;

/// <summary>Faults active from start-up; the admin endpoint /_emulator/faults replaces them at run time.</summary>
public sealed class FaultOptions
{
    public List<FaultRule> Rules { get; set; } = [];

    /// <summary>Share of requests (0..1) that fail and go to errors.jsonl, chosen by a hash of custom_id so runs repeat.</summary>
    public double RequestFailureRate { get; set; }

    /// <summary>
    /// Cancelled and expired blob-mode batches answer with <c>output_blob</c> and <c>error_blob</c> empty, though their
    /// partial results are still written to {output_folder}/{guid}/ (issue 13: Azure may do this, so a client must look
    /// in the folder). Off by default; switchable at run time like the rest of the plan.
    /// </summary>
    public bool OmitPartialOutputBlobs { get; set; }

    /// <summary>Seed for rate-based control-call faults, so a run can be repeated.</summary>
    public int Seed { get; set; } = 1;
}
