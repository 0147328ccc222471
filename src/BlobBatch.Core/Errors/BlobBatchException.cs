using System;

namespace BlobBatch.Core.Errors;

/// <summary>
/// A failure with a stable id. The id is part of the public contract: users match on it in scripts
/// (<c>$_.FullyQualifiedErrorId</c>), so each failure path gets its own and never changes it.
/// Messages must never contain a secret.
/// </summary>
public sealed class BlobBatchException : Exception
{
    public BlobBatchException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    /// <summary>The item at fault: a path, a URI, a line, a row.</summary>
    public object? Target { get; }
}
