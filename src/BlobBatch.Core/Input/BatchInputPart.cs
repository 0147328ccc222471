using System;
using System.Threading;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input;

/// <summary>One finished input file: a whole batch's worth of request lines.</summary>
public sealed class BatchInputPart
{
    private readonly Lazy<string> _sha256;

    public BatchInputPart(string path, int partNumber, int partCount, int requestCount, long bytes, long estimatedTokens)
    {
        Path = path;
        PartNumber = partNumber;
        PartCount = partCount;
        RequestCount = requestCount;
        Bytes = bytes;
        EstimatedTokens = estimatedTokens;

        // Hashed when first asked for (by Start-BlobBatch, before it uploads): writing a file does
        // not need the hash, and hashing loads the platform's crypto library (about 5 MB on Linux).
        // PublicationOnly: a failed read (the file gone) is not remembered, so a later ask can succeed.
        _sha256 = new Lazy<string>(() => FileHashes.Sha256Of(path), LazyThreadSafetyMode.PublicationOnly);
    }

    public string Path { get; }

    public int PartNumber { get; }

    public int PartCount { get; }

    public int RequestCount { get; }

    public long Bytes { get; }

    public long EstimatedTokens { get; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes as they are when first asked for.</summary>
    public string Sha256 => _sha256.Value;
}
