using System;
using System.IO;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.IO;

/// <summary>
/// Local paths as the file system APIs will take them. A NUL (or another character no path may hold)
/// makes every .NET path API throw a bare ArgumentException; it is refused here, by name, first.
/// </summary>
public static class LocalPaths
{
    private static readonly char[] Invalid = Path.GetInvalidPathChars();

    /// <summary>The full path, or <c>InvalidPath</c> when it cannot be one.</summary>
    public static string Full(string path)
    {
        Require(path);
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Refused(path, ex.Message, ex);
        }
    }

    public static void Require(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw Refused(string.Empty, "it is empty", null);
        }

        if (path!.IndexOfAny(Invalid) >= 0)
        {
            throw Refused(path, "it holds a character no path may hold (NUL or a control character)", null);
        }
    }

    private static BlobBatchException Refused(string path, string why, Exception? inner)
    {
        string shown = Shown(path);
        return new BlobBatchException("InvalidPath", ErrorKind.InvalidArgument, $"'{shown}' is not a usable path: {why}.", shown, inner);
    }

    // Control characters made visible, so the message shows where the bad one is.
    private static string Shown(string path)
    {
        var shown = new System.Text.StringBuilder(path.Length);
        foreach (char c in path)
        {
            shown.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return shown.ToString();
    }
}
