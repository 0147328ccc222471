using System;
using Azure;

namespace BlobBatch.Core.Errors;

/// <summary>
/// The one place service failures become our errors. Only the status and the service's error code
/// are passed on: the SDK's own message lists request details we do not want to repeat.
/// </summary>
public static class ServiceErrors
{
    public static BlobBatchException FromStorage(RequestFailedException ex, Uri target)
    {
        string where = Redaction.Url(target);
        string code = string.IsNullOrEmpty(ex.ErrorCode) ? "no error code" : ex.ErrorCode!;
        return ex.Status switch
        {
            401 or 403 => new BlobBatchException(
                "StorageAccessDenied", ErrorKind.PermissionDenied,
                $"Storage refused access to {where} ({ex.Status}, {code}). Check the key, SAS or your role (Storage Blob Data Contributor).",
                where, ex),
            404 => new BlobBatchException(
                "StorageNotFound", ErrorKind.NotFound, $"{where} was not found ({code}).", where, ex),
            409 or 412 => new BlobBatchException(
                "StorageConflict", ErrorKind.InvalidOperation, $"Storage reported a conflict at {where} ({ex.Status}, {code}).", where, ex),
            _ => new BlobBatchException(
                "StorageRequestFailed", ex.Status >= 500 ? ErrorKind.ServiceError : ErrorKind.InvalidOperation,
                $"Storage request to {where} failed ({ex.Status}, {code}).", where, ex),
        };
    }
}
