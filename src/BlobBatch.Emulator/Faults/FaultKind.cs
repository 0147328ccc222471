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

    /// <summary>Carry the call out (a create creates its batch), then abort the connection: the answer is lost.</summary>
    DropAfter,

    /// <summary>Carry the call out, then answer StatusCode (500, 503, ...) instead of its result.</summary>
    StatusAfter,

    /// <summary>Carry the call out, then hold the answer back DelayMilliseconds: a client timeout after the request was sent.</summary>
    DelayAfter,
}
