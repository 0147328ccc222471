using System.Management.Automation;
using BlobBatch.Core.Errors;

namespace BlobBatch.Infrastructure;

/// <summary>Core failures become ErrorRecords here and nowhere else: one id, one category, the item as target.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(BlobBatchException ex) => new(ex, ex.ErrorId, Category(ex.Kind), ex.Target);

    private static ErrorCategory Category(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ErrorKind.AuthenticationFailed => ErrorCategory.AuthenticationError,
        ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        ErrorKind.QuotaExceeded => ErrorCategory.LimitsExceeded,
        ErrorKind.Timeout => ErrorCategory.OperationTimeout,
        ErrorKind.SecurityError => ErrorCategory.SecurityError,
        ErrorKind.ServiceError => ErrorCategory.ResourceUnavailable,
        ErrorKind.ProtocolError => ErrorCategory.ProtocolError,
        ErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };
}
