namespace BlobBatch.Core.Runs;

/// <summary>One part of a run as the manifest keeps it: enough to find its batch, its files and its rows again.</summary>
public sealed class RunPart
{
    public int PartNumber { get; set; }

    public int PartCount { get; set; }

    public string? InputPath { get; set; }

    public string InputBlob { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public int RequestCount { get; set; }

    public long EstimatedTokens { get; set; }

    public string Deployment { get; set; } = string.Empty;

    public string Endpoint { get; set; } = string.Empty;

    public string? RowMapPath { get; set; }

    /// <summary>Empty until the batch was created; a part with a blob but no batch id resumes at create.</summary>
    public string? BatchId { get; set; }

    public string? Status { get; set; }

    /// <summary>0 for the run's own parts; n for the n-th resubmission of its failed requests.</summary>
    public int Attempt { get; set; }
}
