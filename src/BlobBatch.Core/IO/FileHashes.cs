using System.IO;
using System.Security.Cryptography;

namespace BlobBatch.Core.IO;

/// <summary>Content hashes of files on disk.</summary>
public static class FileHashes
{
    /// <summary>Lower-case hex SHA-256 of a file's bytes, read in one sequential pass.</summary>
    public static string Sha256Of(string path)
    {
        using FileStream stream = InputFiles.OpenRead(path);
        using SHA256 sha = SHA256.Create();
        return Hex.Lower(sha.ComputeHash(stream));
    }
}
