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

    /// <summary>
    /// Answer normally, with Field of the batch (every batch of a list) set to Value: a hostile or broken
    /// service naming output_blob, error_blob or input_blob outside the containers, or a batch id "../x".
    /// </summary>
    Rewrite,

    /// <summary>Answer StatusCode with Body as it is (ContentType, default application/json): HTML, "null", "[]", nothing.</summary>
    Body,

    /// <summary>Answer 200 with a JSON body of SizeBytes bytes, streamed without Content-Length (with it when DeclareLength).</summary>
    Huge,
}
