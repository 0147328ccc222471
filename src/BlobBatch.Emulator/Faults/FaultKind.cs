namespace BlobBatch.Emulator.Faults;

public enum FaultKind
{
    /// <summary>Answer with StatusCode (500, 503, ...) and the service's error envelope.</summary>
    Status,

    /// <summary>429 with Retry-After and retry-after-ms.</summary>
    Throttle,

    /// <summary>Abort the connection without an answer.</summary>
    Drop,

    /// <summary>Wait DelayMilliseconds, then answer normally.</summary>
    Delay,
}
