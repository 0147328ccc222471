namespace BlobBatch.Core.Jobs;

/// <summary>Where a batch came from in a run: known when this module started it, empty when looked up by id.</summary>
public sealed class JobOrigin
{
    public static readonly JobOrigin Unknown = new(null, 0, 0, null, null, null, 0);

    public JobOrigin(string? runId, int partNumber, int partCount, string? inputPath, string? rowMapPath, string? deployment, long estimatedTokens, int attempt = 0, string? rowMapBlob = null, string? outputFolder = null)
    {
        OutputFolder = outputFolder;
        RowMapBlob = rowMapBlob;
        Attempt = attempt;
        RunId = runId;
        PartNumber = partNumber;
        PartCount = partCount;
        InputPath = inputPath;
        RowMapPath = rowMapPath;
        Deployment = deployment;
        EstimatedTokens = estimatedTokens;
    }

    public string? RunId { get; }

    public int PartNumber { get; }

    public int PartCount { get; }

    public string? InputPath { get; }

    public string? RowMapPath { get; }

    /// <summary>The side map's copy in the output container (a blob name), when the run recorded one.</summary>
    public string? RowMapBlob { get; }

    public string? Deployment { get; }

    public long EstimatedTokens { get; }

    /// <summary>
    /// The part's own folder in the output container (a blob name prefix), where its batch writes; null for
    /// runs recorded before parts had one. Found results there when the batch names no output_blob.
    /// </summary>
    public string? OutputFolder { get; }

    /// <summary>0 for the run's own parts; n for the parts of its n-th resubmission of failed requests.</summary>
    public int Attempt { get; }
}
