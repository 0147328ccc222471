namespace BlobBatch.Emulator.Faults;

/// <summary>One injected fault on control calls (/openai/...). A rule applies to the next Count matching calls, or to a Rate of them.</summary>
public sealed class FaultRule
{
    public FaultKind Kind { get; set; } = FaultKind.Status;

    public int StatusCode { get; set; } = 500;

    /// <summary>Operation name to match (create, get, list, cancel, file-upload, file-get, file-list, file-content, file-delete); null matches all.</summary>
    public string? Operation { get; set; }

    /// <summary>HTTP method to match; null matches all.</summary>
    public string? Method { get; set; }

    /// <summary>How many matching calls still get the fault; null means unlimited (then Rate decides).</summary>
    public int? Count { get; set; }

    /// <summary>Share of matching calls (0..1) that get the fault; 1 when unset.</summary>
    public double Rate { get; set; } = 1;

    public int DelayMilliseconds { get; set; } = 1000;

    /// <summary>Throttle: the wait asked for (1000 when not given). Status: sent as retry-after-ms only when given, so a test can run a client through all its retries quickly.</summary>
    public int? RetryAfterMilliseconds { get; set; }

    /// <summary>Throttle with Retry-After as an HTTP date only (no retry-after-ms).</summary>
    public bool RetryAfterAsDate { get; set; }

    /// <summary>Throttle with retry-after-ms only (no Retry-After), as some gateways send it.</summary>
    public bool RetryAfterMillisecondsOnly { get; set; }

    /// <summary>Rewrite: the batch field to replace (id, status, input_blob, output_blob, error_blob, …); several separated by commas.</summary>
    public string? Field { get; set; }

    /// <summary>Rewrite: the field's new string value (null writes JSON null).</summary>
    public string? Value { get; set; }

    /// <summary>Body: the answer's text, sent as it is.</summary>
    public string? Body { get; set; }

    /// <summary>Body: the answer's content type; application/json when not given.</summary>
    public string? ContentType { get; set; }

    /// <summary>Huge: how many bytes to send.</summary>
    public long SizeBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Huge: send Content-Length too (a client can then refuse before reading).</summary>
    public bool DeclareLength { get; set; }

    /// <summary>How many calls this rule has hit; reported by GET /_emulator/faults.</summary>
    public int Hits { get; set; }
}
