namespace BlobBatch.Emulator.Configuration;

/// <summary>The dated api-versions the .NET client knows (spec §1.3) plus the batch previews between them.</summary>
public static class ApiVersionDefaults
{
    /// <summary>Blob fields (input_blob, output_folder, output_blob, error_blob) first appear here.</summary>
    public const string FirstWithBlobMode = "2025-04-01-preview";

    /// <summary>
    /// The newest version this list knows. Azure keeps publishing dated versions (2025-07-01-preview, 2026-01-01, …)
    /// that the spec has not read, so any well-formed dated version after this one is accepted too.
    /// </summary>
    public static string NewestKnown => Known[^1];

    public static IReadOnlyList<string> Known { get; } =
    [
        "2024-06-01",
        "2024-07-01-preview",
        "2024-08-01-preview",
        "2024-09-01-preview",
        "2024-10-01-preview",
        "2024-10-21",
        "2024-12-01-preview",
        "2025-01-01-preview",
        "2025-02-01-preview",
        "2025-03-01-preview",
        "2025-04-01-preview",
    ];
}
