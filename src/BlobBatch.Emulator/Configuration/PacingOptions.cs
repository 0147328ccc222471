namespace BlobBatch.Emulator.Configuration;

/// <summary>How long each phase takes: zero in tests, minutes for realism. Seconds, fractions allowed.</summary>
public sealed class PacingOptions
{
    public double ValidatingSeconds { get; set; }

    public double RequestLatencySeconds { get; set; }

    public int Concurrency { get; set; } = 8;

    public double FinalizingSeconds { get; set; }

    public double CancellingSeconds { get; set; }

    internal static TimeSpan ToSpan(double seconds) => seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds);
}
