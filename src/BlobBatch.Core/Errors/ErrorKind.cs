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
    ServiceError,
}
