using System.Globalization;

namespace BlobBatch.Emulator.Http;

/// <summary>
/// A dated api-version, "yyyy-MM-dd" or "yyyy-MM-dd-preview". Versions order by date; on the same date the preview
/// comes before the GA version.
/// </summary>
public readonly record struct DatedApiVersion(DateOnly Date, bool IsPreview) : IComparable<DatedApiVersion>
{
    private const string PreviewSuffix = "-preview";

    public static bool TryParse(string? text, out DatedApiVersion version)
    {
        version = default;
        if (text is null)
        {
            return false;
        }

        bool preview = text.EndsWith(PreviewSuffix, StringComparison.Ordinal);
        string date = preview ? text[..^PreviewSuffix.Length] : text;
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            return false;
        }

        version = new DatedApiVersion(day, preview);
        return true;
    }

    public static DatedApiVersion Parse(string text) =>
        TryParse(text, out DatedApiVersion version) ? version : throw new FormatException($"'{text}' is not a dated api-version.");

    public int CompareTo(DatedApiVersion other) =>
        Date != other.Date ? Date.CompareTo(other.Date) : other.IsPreview.CompareTo(IsPreview);

    public static bool operator >(DatedApiVersion left, DatedApiVersion right) => left.CompareTo(right) > 0;

    public static bool operator <(DatedApiVersion left, DatedApiVersion right) => left.CompareTo(right) < 0;

    public static bool operator >=(DatedApiVersion left, DatedApiVersion right) => left.CompareTo(right) >= 0;

    public static bool operator <=(DatedApiVersion left, DatedApiVersion right) => left.CompareTo(right) <= 0;
}
