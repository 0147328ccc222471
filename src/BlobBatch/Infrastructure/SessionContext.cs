using BlobBatch.Core.Connection;

namespace BlobBatch.Infrastructure;

/// <summary>
/// The session's default context, set by Connect-BlobBatch and used by any cmdlet not given -Context.
/// Process-wide, like Az's default context; runspaces that need different targets pass -Context.
/// </summary>
internal static class SessionContext
{
    private static volatile BlobBatchContext? _current;

    public static BlobBatchContext? Current
    {
        get => _current;
        set => _current = value;
    }
}
