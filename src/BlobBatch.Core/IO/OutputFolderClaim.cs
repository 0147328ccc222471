using System;
using System.IO;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.IO;

/// <summary>
/// One writer per output folder at a time. Two saves into the same folder would each check that
/// nothing is there and then replace each other's files; the first to lock the folder's lock file
/// holds the folder until it is done, and the second is refused (<c>OutputInUse</c>) before it writes
/// anything. The lock is the operating system's (FileShare.None: a share lock on Windows, flock on
/// Linux and macOS), so it ends with the process that holds it and a crash leaves no stale lock. The
/// file itself stays, empty: deleting it while another save may be opening it would let two saves in.
/// </summary>
public sealed class OutputFolderClaim : IDisposable
{
    public const string LockFileName = ".blobbatch.lock";

    private readonly FileStream _lock;

    private OutputFolderClaim(FileStream lockFile) => _lock = lockFile;

    public static OutputFolderClaim Claim(string folder)
    {
        string path = Path.Combine(folder, LockFileName);
        try
        {
            return new OutputFolderClaim(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (UnauthorizedAccessException ex) when (!File.Exists(path))
        {
            throw new BlobBatchException("OutputNotWritable", ErrorKind.PermissionDenied, $"Cannot write in '{folder}': {ex.Message}", folder, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BlobBatchException("OutputInUse", ErrorKind.ResourceBusy,
                $"Another Save-BatchResult is writing into '{folder}' right now ({LockFileName} is locked). Wait for it, or save into another -Path; nothing was written.",
                folder, ex);
        }
    }

    public void Dispose() => _lock.Dispose();
}
