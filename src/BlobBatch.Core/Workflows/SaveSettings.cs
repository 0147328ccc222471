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

    /// <summary>Write CSV cells a spreadsheet would run as a formula as text (a leading apostrophe).</summary>
    public bool EscapeFormulas { get; set; }

    /// <summary>Look each result's input row up in the side maps, for the caller's per-request objects.</summary>
    public bool JoinRows { get; set; }

    /// <summary>Also put the saved files (and the CSV) into the output container beside the run ({run}/saved/), and mark a fully answered run done.</summary>
    public bool UploadToRun { get; set; }

    /// <summary>The run's local manifest (a full path), kept current; or null.</summary>
    public string? StatePath { get; set; }

    /// <summary>Turn each JSON-object answer into fields (columns in the CSV, values for the caller).</summary>
    public bool ExpandAnswer { get; set; }

    /// <summary>Prices the run and each request; null leaves cost out.</summary>
    public TokenPrice? Price { get; set; }
}
