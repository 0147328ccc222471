using System;
using System.IO;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.IO;

/// <summary>Atomic writes: temp file beside the target, then a rename. Never overwrites without force.</summary>
public static class OutputPaths
{
    public static void RequireWritable(string path, bool force)
    {
        LocalPaths.Require(path);
        string? directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new BlobBatchException(
                "OutputFolderNotFound", ErrorKind.NotFound, $"The folder '{directory}' does not exist; create it first.", directory);
        }

        if (Directory.Exists(path))
        {
            throw new BlobBatchException(
                "OutputIsFolder", ErrorKind.InvalidArgument, $"'{path}' is a folder, not a file.", path);
        }

        if (File.Exists(path) && !force)
        {
            throw Exists(path);
        }
    }

    public static void CreateFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new BlobBatchException("OutputNotWritable", ErrorKind.PermissionDenied, $"Cannot create '{folder}': {ex.Message}", folder, ex);
        }
    }

    public static string TempPathFor(string path)
    {
        string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
            }

            File.Delete(temp);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new BlobBatchException(
                "OutputNotWritable", ErrorKind.PermissionDenied, $"Cannot write in '{Path.GetDirectoryName(path)}': {ex.Message}", path, ex);
        }

        return temp;
    }

    /// <summary>
    /// Renames the finished temp file to its name. Without <paramref name="overwrite"/> the rename
    /// itself refuses an existing file, so a file that appeared since the first check (another
    /// process saving into the same folder) is never replaced.
    /// </summary>
    public static void MoveIntoPlace(string tempPath, string finalPath, bool overwrite)
    {
        try
        {
            if (overwrite && File.Exists(finalPath))
            {
                File.Replace(tempPath, finalPath, destinationBackupFileName: null);
            }
            else
            {
                File.Move(tempPath, finalPath);
            }
        }
        catch (IOException ex) when (!overwrite && File.Exists(finalPath))
        {
            throw Exists(finalPath, ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new BlobBatchException(
                "OutputNotWritable", ErrorKind.PermissionDenied, $"Cannot write '{finalPath}': {ex.Message}", finalPath, ex);
        }
    }

    private static BlobBatchException Exists(string path, Exception? inner = null) =>
        new("OutputFileExists", ErrorKind.AlreadyExists, $"'{path}' already exists. Pass -Force to overwrite it.", path, inner);

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp file is harmless; the original failure matters more.
        }
    }
}
