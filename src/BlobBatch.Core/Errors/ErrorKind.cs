namespace BlobBatch.Core.Errors;

/// <summary>What went wrong, in words the cmdlet layer maps to a PowerShell ErrorCategory.</summary>
public enum ErrorKind
{
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    AuthenticationFailed,
    ConnectionError,
    QuotaExceeded,
    Timeout,
    SecurityError,

    /// <summary>The service failed (5xx after retries): ResourceUnavailable.</summary>
    ServiceError,

    /// <summary>The service answered, but not with what its protocol promises (not JSON, no batch, a hostile id).</summary>
    ProtocolError,

    /// <summary>Another process holds what this one needs (an output folder being saved into).</summary>
    ResourceBusy,
}
