using System;
using System.IO;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.IO;

/// <summary>Opens the user's input files, with the same stable error ids whichever reader asks.</summary>
public static class InputFiles
{
    public static FileStream OpenRead(string path)
    {
        LocalPaths.Require(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobBatchException("InputFileNotFound", ErrorKind.NotFound, $"'{path}' does not exist.", path, ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new BlobBatchException("InputFileUnreadable", ErrorKind.PermissionDenied, $"'{path}' cannot be read: {ex.Message}", path, ex);
        }
    }
}
