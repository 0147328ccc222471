using System;
using System.Text.RegularExpressions;

namespace BlobBatch.Core.Errors;

/// <summary>
/// Makes values fit to show. Error messages end up in runbook job streams, CI logs and transcripts that
/// many people read, so a URL is shown without its user info, query and fragment (where a password or
/// a SAS would be), and a value that cannot be recognised as harmless is described, never quoted.
/// </summary>
public static class Redaction
{
    public const string Hidden = "<redacted>";

    private const int LongestShownValue = 253;

    // A host name, an account or deployment name, a container: letters, digits, dots and hyphens.
    private static readonly Regex HarmlessValue = new(@"^[A-Za-z0-9][A-Za-z0-9._-]*(:[0-9]{1,5})?\z", RegexOptions.CultureInvariant);

    // Anything that looks like a URL inside free text, up to a character that cannot be part of one.
    private static readonly Regex UrlInText = new(@"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'""<>()\[\]{}]+", RegexOptions.CultureInvariant);

    // Connection-string parts whose value is a secret; the value runs to the next ';'.
    private static readonly Regex ConnectionStringSecret = new(
        @"(?i)\b(AccountKey|SharedAccessSignature|SharedAccessKey)\s*=\s*[^;\s'""]*", RegexOptions.CultureInvariant);

    // Query or form parameters whose value is a secret, wherever they appear (a SAS pasted on its own).
    private static readonly Regex ParameterSecret = new(
        @"(?i)(^|[?&;\s'""])(sig|api-key|apikey|password|pwd|client_secret|access_token|refresh_token)=[^&;\s'""]*", RegexOptions.CultureInvariant);

    private static readonly Regex BearerToken = new(@"(?i)\bBearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.CultureInvariant);

    /// <summary>The URI as scheme, host, port and path: what names the place, without what could open it.</summary>
    public static string Url(Uri uri) =>
        uri.IsAbsoluteUri ? uri.Scheme + "://" + uri.Authority + uri.AbsolutePath : Text(uri.OriginalString);

    /// <summary>A URI without user info, query or fragment; the same object when it has none.</summary>
    public static Uri SafeUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)))
        {
            return uri;
        }

        return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty }.Uri;
    }

    /// <summary>A URL given as text: shown like <see cref="Url(Uri)"/> when it is one, else as <see cref="Value"/>.</summary>
    public static string Url(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme.Length > 1 ? Url(uri) : Value(text);
    }

    /// <summary>
    /// A value a user typed, quoted when it looks like a name or host (those are never secrets), else
    /// described by its length and what it resembles: a key or SAS pasted into the wrong parameter
    /// must not be printed back.
    /// </summary>
    public static string Value(string? text)
    {
        if (text is null)
        {
            return "(nothing)";
        }

        string trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed.Length <= LongestShownValue && HarmlessValue.IsMatch(trimmed) && !LooksLikeKey(trimmed))
        {
            return $"'{trimmed}'";
        }

        return $"(a value of {text.Length} characters{Resemblance(trimmed)}, not shown as it may be a secret)";
    }

    /// <summary>Free text with every URL shown as <see cref="Url(Uri)"/> and every recognisable secret replaced.</summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        string result = UrlInText.Replace(text, match => Uri.TryCreate(match.Value, UriKind.Absolute, out Uri? uri) ? Shown(uri, match.Value) : StripUrl(match.Value));
        result = ConnectionStringSecret.Replace(result, match => match.Groups[1].Value + "=" + Hidden);
        result = ParameterSecret.Replace(result, match => match.Groups[1].Value + match.Groups[2].Value + "=" + Hidden);
        return BearerToken.Replace(result, "Bearer " + Hidden);
    }

    /// <summary>Whether <see cref="Text"/> would change <paramref name="text"/>.</summary>
    public static bool NeedsRedaction(string? text) => !string.Equals(Text(text), text ?? string.Empty, StringComparison.Ordinal);

    // A URL in a sentence stays as written unless it carries something to hide.
    private static string Shown(Uri uri, string written) =>
        string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) ? written : Url(uri);

    // A long run of letters and digits without a dot is how keys look (32 hex digits, base64); names have
    // dots (hosts) or are short (accounts: at most 24).
    private static bool LooksLikeKey(string value) => value.Length > 24 && value.IndexOf('.') < 0;

    private static string Resemblance(string value)
    {
        if (value.IndexOf("AccountKey=", StringComparison.OrdinalIgnoreCase) >= 0
            || value.IndexOf("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return ", which looks like a storage connection string";
        }

        if (value.IndexOf("sig=", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return ", which looks like a SAS token";
        }

        return value.IndexOf("://", StringComparison.Ordinal) >= 0 ? ", which looks like a URL" : string.Empty;
    }

    // A URL the parser refuses: cut at the query and drop anything before an '@' in the authority.
    private static string StripUrl(string url)
    {
        int query = url.IndexOfAny(new[] { '?', '#' });
        string head = query >= 0 ? url.Substring(0, query) + "?" + Hidden : url;
        int scheme = head.IndexOf("://", StringComparison.Ordinal);
        int at = head.IndexOf('@', scheme + 3);
        int slash = head.IndexOf('/', scheme + 3);
        return at >= 0 && (slash < 0 || at < slash) ? head.Substring(0, scheme + 3) + head.Substring(at + 1) : head;
    }
}
