namespace BlobBatch.Core.Errors;

/// <summary>Pieces of other components' messages fit to quote in ours.</summary>
public static class MessageText
{
    /// <summary>The first line: parser and SDK messages go on with positions and details nobody asked for.</summary>
    public static string FirstLine(string message)
    {
        int end = message.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? message : message.Substring(0, end);
    }
}
