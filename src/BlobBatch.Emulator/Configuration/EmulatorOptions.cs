using BlobBatch.Emulator.Input;

namespace BlobBatch.Emulator.Configuration;

/// <summary>Everything the emulator can be told; bound from the "Emulator" configuration section or built in code by tests.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The key expected in the <c>api-key</c> header.</summary>
    public string ApiKey { get; set; } = "emulator-key";

    /// <summary>When set, the only accepted bearer token; when null, any non-empty token is accepted (Entra stands in).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Azurite connection string; it stands in for the resource's managed identity in blob mode.</summary>
    public string StorageConnectionString { get; set; } = string.Empty;

    /// <summary>Folder for batches, files and in-flight results; a restart on the same folder resumes every batch.</summary>
    public string DataPath { get; set; } = string.Empty;

    /// <summary>TCP port on 127.0.0.1 for the in-process host; 0 picks a free one.</summary>
    public int Port { get; set; }

    public List<DeploymentOptions> Deployments { get; set; } = [];

    public PacingOptions Pacing { get; set; } = new();

    public BackendOptions Backend { get; set; } = new();

    public FaultOptions Faults { get; set; } = new();

    /// <summary>Per-container grants of the emulator's identity; empty means read and write everywhere.</summary>
    public List<StoragePermission> Permissions { get; set; } = [];

    /// <summary>
    /// True (the default, as in the fail-fast regions): a create over the enqueued-token limit is refused with
    /// 400 token_limit_exceeded. False (the older behaviour): the batch is accepted and fails validation with it.
    /// </summary>
    public bool QuotaFailFast { get; set; } = true;

    /// <summary>
    /// Send deployment-enqueued-tokens / deployment-maximum-enqueued-tokens on create. They are in the
    /// 2025-04-01-preview spec but no longer in the docs, so clients must not rely on them: false plays that.
    /// </summary>
    public bool QuotaHeaders { get; set; } = true;

    /// <summary>Say the numbers (enqueued, needed, limit) in the token_limit_exceeded message; false plays a terse refusal.</summary>
    public bool QuotaNumbersInMessage { get; set; } = true;

    /// <summary>The service's limit is 100,000 requests per input; tests lower it.</summary>
    public int MaxRequestsPerBatch { get; set; } = 100_000;

    /// <summary>Largest input file in file mode, checked at upload: 200 MB (see <see cref="InputSizeLimits"/>); tests lower it.</summary>
    public long MaxFileInputBytes { get; set; } = InputSizeLimits.FileModeDefault;

    /// <summary>Largest input blob in blob mode, checked when the batch reads it: 1 GB (see <see cref="InputSizeLimits"/>); tests lower it.</summary>
    public long MaxBlobInputBytes { get; set; } = InputSizeLimits.BlobModeDefault;

    /// <summary>Off (null) by default because Azure does not expire batches; when set, OpenAI's expiry semantics apply.</summary>
    public double? ExpirySeconds { get; set; }

    /// <summary>Dated api-versions accepted on the classic path; empty means <see cref="ApiVersionDefaults.Known"/>.</summary>
    public List<string> ApiVersions { get; set; } = [];

    /// <summary>Fills defaults that list binding cannot express, so code and configuration behave the same.</summary>
    public EmulatorOptions WithDefaults()
    {
        if (Deployments.Count == 0)
        {
            Deployments.AddRange(DeploymentOptions.Defaults());
        }

        if (ApiVersions.Count == 0)
        {
            ApiVersions.AddRange(ApiVersionDefaults.Known);
        }

        if (string.IsNullOrWhiteSpace(DataPath))
        {
            DataPath = Path.Combine(Path.GetTempPath(), "blobbatch-emulator-" + Guid.NewGuid().ToString("n"));
        }

        return this;
    }
}
