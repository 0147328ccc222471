using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Infrastructure;

/// <summary>-Context when given (usually bound from the piped object), else the session default.</summary>
internal static class ContextResolver
{
    public static BlobBatchContext Resolve(BlobBatchContext? given) =>
        given ?? SessionContext.Current ?? throw new BlobBatchException(
            "NoBlobBatchContext", ErrorKind.InvalidOperation,
            "No BlobBatch context: run Connect-BlobBatch first, or pass -Context.");

    /// <summary>The contexts given (a run over several resources), else the session default alone.</summary>
    public static BlobBatchContext[] ResolveAll(BlobBatchContext[]? given) =>
        given is { Length: > 0 } ? given : new[] { Resolve(null) };
}
