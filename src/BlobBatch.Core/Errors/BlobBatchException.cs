using System;

namespace BlobBatch.Core.Errors;

/// <summary>
/// A failure with a stable id. The id is part of the public contract: users match on it in scripts
/// (<c>$_.FullyQualifiedErrorId</c>), so each failure path gets its own and never changes it.
/// Messages must never contain a secret: each failure path leaves them out, and as a last guard the
/// message, the target and the inner exception pass through <see cref="Redaction"/> here.
/// </summary>
public sealed class BlobBatchException : Exception
{
    public BlobBatchException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(Redaction.Text(message), RedactedException.From(inner))
    {
        ErrorId = errorId;
        Kind = kind;
        Target = SafeTarget(target);
    }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    /// <summary>The item at fault: a path, a URI, a line, a row.</summary>
    public object? Target { get; }

    private static object? SafeTarget(object? target) => target switch
    {
        Uri uri => Redaction.SafeUri(uri),
        string text => Redaction.Text(text),
        _ => target,
    };
}
