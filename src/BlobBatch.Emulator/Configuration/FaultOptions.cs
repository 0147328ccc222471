using BlobBatch.Emulator.Faults;

namespace BlobBatch.Emulator.Configuration;

/// <summary>Faults active from start-up; the admin endpoint /_emulator/faults replaces them at run time.</summary>
public sealed class FaultOptions
{
    public List<FaultRule> Rules { get; set; } = [];

    /// <summary>Share of requests (0..1) that fail and go to errors.jsonl, chosen by a hash of custom_id so runs repeat.</summary>
    public double RequestFailureRate { get; set; }

    /// <summary>Seed for rate-based control-call faults, so a run can be repeated.</summary>
    public int Seed { get; set; } = 1;
}
