namespace BlobBatch.Core.Results;

/// <summary>
/// CSV injection: Excel, LibreOffice and Google Sheets run a cell that starts with '=', '+', '-' or
/// '@' (and, after a tab or carriage return, the same) as a formula, and model answers and input rows
/// are text from outside. Such a cell gets a leading apostrophe, which spreadsheets show as text and
/// hide (OWASP's advice). It changes the data other programs read back (a Markdown list "- item",
/// a number "-5"), so it is only done when asked for (<c>Save-BatchResult -EscapeFormulas</c>).
/// </summary>
public static class CsvFormulas
{
    public static string Escape(string text) => text.Length > 0 && StartsFormula(text[0]) ? "'" + text : text;

    private static bool StartsFormula(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r';
}
