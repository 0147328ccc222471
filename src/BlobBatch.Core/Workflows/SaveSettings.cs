using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Workflows;

/// <summary>What Save-BatchResult was told, as plain values (paths already resolved).</summary>
public sealed class SaveSettings
{
    public SaveSettings(string folder) => Folder = folder;

    /// <summary>Where results.jsonl, errors.jsonl and summary.json go (a full path).</summary>
    public string Folder { get; }

    /// <summary>The joined table as CSV (a full path), or null.</summary>
    public string? CsvPath { get; set; }

    public bool Force { get; set; }

    /// <summary>Look each result's input row up in the side maps, for the caller's per-request objects.</summary>
    public bool JoinRows { get; set; }

    /// <summary>Turn each JSON-object answer into fields (columns in the CSV, values for the caller).</summary>
    public bool ExpandAnswer { get; set; }

    /// <summary>Prices the run and each request; null leaves cost out.</summary>
    public TokenPrice? Price { get; set; }
}
