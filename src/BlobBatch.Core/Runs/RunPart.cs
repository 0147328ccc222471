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

    /// <summary>The deployment the part's batch runs on: its target's, written into each line as uploaded.</summary>
    public string Deployment { get; set; } = string.Empty;

    /// <summary>The request path of the lines (for example /chat/completions), not the resource.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The resource the part's batch runs on (its target); null in manifests written before runs had targets: the run's own resource.</summary>
    public string? ResourceEndpoint { get; set; }

    /// <summary>The SHA-256 of the blob as uploaded, when it differs from the local part (its lines name the target's deployment); null when they are the same bytes.</summary>
    public string? UploadedSha256 { get; set; }

    /// <summary>
    /// Why this part was sent elsewhere (its target refused it, or could not run its batch); the part
    /// that took its lines over is <see cref="SupersededBy"/>. A superseded part's batch is no longer the run's.
    /// </summary>
    public string? SupersededWhy { get; set; }

    /// <summary>The input blob of the part that took this one's lines over.</summary>
    public string? SupersededBy { get; set; }

    public string? RowMapPath { get; set; }

    /// <summary>The side map's copy in the output container (a blob name), for a process where the local one is gone.</summary>
    public string? RowMapBlob { get; set; }

    /// <summary>
    /// The part's own folder in the output container (a blob name), given to its batch as output_folder: a
    /// cancelled or expired batch that names no output_blob still has its partial results found there.
    /// Null in runs recorded before parts had one (they share the run's folder).
    /// </summary>
    public string? OutputFolder { get; set; }

    /// <summary>Empty until the batch was created; a part with a blob but no batch id resumes at create.</summary>
    public string? BatchId { get; set; }

    public string? Status { get; set; }

    /// <summary>0 for the run's own parts; n for the n-th resubmission of its failed requests.</summary>
    public int Attempt { get; set; }

    /// <summary>
    /// Set when the part could never fit the deployment's token queue and was split into parts of at most
    /// this many tokens (recorded as parts of their own, same lines and ids); this part gets no batch.
    /// </summary>
    public long? QuotaSplitTokens { get; set; }

    /// <summary>Every create call for this part, recorded before it was sent: a part with calls but no batch id may own a batch to adopt.</summary>
    public System.Collections.Generic.List<CreateAttempt> CreateAttempts { get; set; } = new();

    /// <summary>Where this part sits in run <paramref name="runId"/>, as its jobs carry it.</summary>
    public Jobs.JobOrigin OriginIn(string runId) =>
        new(runId, PartNumber, PartCount, InputPath, RowMapPath, Deployment, EstimatedTokens, Attempt, RowMapBlob, OutputFolder);
}
