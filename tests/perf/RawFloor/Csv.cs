namespace RawFloor;

internal static class Csv
{
    /// <summary>A CSV field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
