using System;
using System.Globalization;
using System.Text.RegularExpressions;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Connection;

/// <summary>Which api-versions exist in a form we understand, and which of them know blob mode.</summary>
public static class ApiVersions
{
    public const string V1 = "v1";

    /// <summary>The first dated version with blob mode.</summary>
    public const string FirstDatedWithBlobMode = "2025-04-01-preview";

    // Blob mode (input_blob / output_folder) first appears in 2025-04-01-preview.
    private static readonly DateTime FirstWithBlobMode = new(2025, 4, 1);

    private static readonly Regex Dated = new(@"^(?<date>\d{4}-\d{2}-\d{2})(-preview)?$", RegexOptions.CultureInvariant);

    /// <summary>Where batch calls go for this api-version, in words.</summary>
    public static string Surface(string apiVersion) => apiVersion == V1
        ? "the v1 surface (/openai/v1/batches)"
        : $"the dated surface (/openai/batches?api-version={apiVersion})";

    public static bool SupportsBlobMode(string apiVersion) =>
        apiVersion == V1 || (TryGetDate(apiVersion, out DateTime date) && date >= FirstWithBlobMode);

    public static string RequireBlobMode(string? apiVersion)
    {
        string value = string.IsNullOrWhiteSpace(apiVersion) ? BlobBatchContext.DefaultApiVersion : apiVersion!.Trim();
        if (value != V1 && !TryGetDate(value, out _))
        {
            string shown = Redaction.Value(value);
            throw new BlobBatchException(
                "InvalidApiVersion", ErrorKind.InvalidArgument,
                $"The api-version {shown} is not of the form yyyy-MM-dd, yyyy-MM-dd-preview or v1.", shown);
        }

        if (!SupportsBlobMode(value))
        {
            throw new BlobBatchException(
                "ApiVersionWithoutBlobMode", ErrorKind.InvalidArgument,
                $"The api-version '{value}' predates blob storage batches. Leave -ApiVersion out (v1), or use {FirstDatedWithBlobMode} or later.", value);
        }

        return value;
    }

    private static bool TryGetDate(string apiVersion, out DateTime date)
    {
        date = default;
        Match match = Dated.Match(apiVersion);
        return match.Success && DateTime.TryParseExact(
            match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
