using System;

namespace BlobBatch.Core.Errors;

/// <summary>
/// Stands in for an inner exception whose text names a secret (an SDK message quoting a request URL
/// with its SAS): the same type name and chain, with the text redacted. Exceptions whose text is
/// already clean are kept as they are, stack trace and all.
/// </summary>
public sealed class RedactedException : Exception
{
    private RedactedException(Exception original)
        : base(Redaction.Text(original.Message), From(original.InnerException))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
    }

    /// <summary>The full name of the exception this one stands in for.</summary>
    public string OriginalType { get; }

    public static Exception? From(Exception? inner)
    {
        if (inner is null || inner is BlobBatchException || inner is RedactedException || !Redaction.NeedsRedaction(inner.ToString()))
        {
            return inner;
        }

        return new RedactedException(inner);
    }

    public override string ToString() => $"{OriginalType} (redacted): {Message}" + (InnerException is null ? string.Empty : $" ---> {InnerException}");
}
