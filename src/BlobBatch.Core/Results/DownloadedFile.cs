namespace BlobBatch.Core.Results;

/// <summary>A results or errors file of one batch, downloaded to a temp file beside the output.</summary>
internal sealed class DownloadedFile
{
    public DownloadedFile(string path, string batchId, int attempt, string name)
    {
        Path = path;
        BatchId = batchId;
        Attempt = attempt;
        Name = name;
    }

    public string Path { get; }

    public string BatchId { get; }

    public int Attempt { get; }

    /// <summary>The blob's own name (results.jsonl, errors.jsonl), for saying where a bad line was.</summary>
    public string Name { get; }
}
