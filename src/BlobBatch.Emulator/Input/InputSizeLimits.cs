using System.Globalization;

namespace BlobBatch.Emulator.Input;

/// <summary>
/// How large a batch input may be, by mode (spec §0, global-batch-limits): 200 MB through the Files API, 1 GB with
/// bring-your-own-storage. The docs say "MB" and "GB"; the emulator reads both as binary units (MiB, GiB), as the
/// Files API limit has always been read here, so the blob limit is 1,073,741,824 bytes.
/// </summary>
public static class InputSizeLimits
{
    public const long FileModeDefault = 200L * 1024 * 1024;
    public const long BlobModeDefault = 1024L * 1024 * 1024;

    private const long Mebibyte = 1024L * 1024;
    private const long Gibibyte = 1024 * Mebibyte;

    /// <summary>"200 MB", "1 GB", or "1,500 bytes" when the limit is not a whole number of those.</summary>
    public static string Describe(long bytes) =>
        bytes > 0 && bytes % Gibibyte == 0 ? $"{bytes / Gibibyte} GB"
        : bytes > 0 && bytes % Mebibyte == 0 ? $"{bytes / Mebibyte} MB"
        : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
