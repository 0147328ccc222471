namespace BlobBatch.Core.Input;

/// <summary>One finished input file: a whole batch's worth of request lines.</summary>
public sealed class BatchInputPart
{
    public BatchInputPart(string path, int partNumber, int partCount, int requestCount, long bytes, long estimatedTokens, string sha256)
    {
        Path = path;
        PartNumber = partNumber;
        PartCount = partCount;
        RequestCount = requestCount;
        Bytes = bytes;
        EstimatedTokens = estimatedTokens;
        Sha256 = sha256;
    }

    public string Path { get; }

    public int PartNumber { get; }

    public int PartCount { get; }

    public int RequestCount { get; }

    public long Bytes { get; }

    public long EstimatedTokens { get; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; }
}
