using System;
using System.Collections.Generic;
using System.Text;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Input;

/// <summary>
/// A text with {PropertyName} placeholders filled from each row. {nl} is a new line; {{ and }} are
/// literal braces. Parsed once, rendered per row without allocation beyond the result.
/// </summary>
public sealed class PromptTemplate
{
    // One builder per thread, kept between rows: a prompt of kilobytes would otherwise grow a new one
    // chunk by chunk on every row. Kept only while it stays small, so one huge row is not held on to.
    private const int KeptBuilderCapacity = 64 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    private readonly List<(string Text, bool IsPlaceholder)> _segments;

    private PromptTemplate(string source, List<(string, bool)> segments)
    {
        Source = source;
        _segments = segments;
    }

    public string Source { get; }

    public IEnumerable<string> Placeholders
    {
        get
        {
            foreach ((string text, bool isPlaceholder) in _segments)
            {
                if (isPlaceholder)
                {
                    yield return text;
                }
            }
        }
    }

    public static PromptTemplate Parse(string template)
    {
        var segments = new List<(string, bool)>();
        var literal = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                int close = template.IndexOf('}', i + 1);
                string name = close < 0 ? string.Empty : template.Substring(i + 1, close - i - 1).Trim();
                if (name.Length == 0 || name.IndexOf('{') >= 0)
                {
                    throw new BlobBatchException(
                        "InvalidTemplate", ErrorKind.InvalidArgument,
                        $"The template has an unclosed or empty placeholder at character {i + 1}. Write {{Name}} for a property and {{{{ for a literal brace.",
                        template);
                }

                if (name.Equals("nl", StringComparison.OrdinalIgnoreCase))
                {
                    literal.Append('\n');
                }
                else
                {
                    Flush(literal, segments);
                    segments.Add((name, true));
                }

                i = close;
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush(literal, segments);
        return new PromptTemplate(template, segments);
    }

    /// <summary>Fills the placeholders; <paramref name="lookup"/> returns false for a property the row lacks.</summary>
    public string Render(IInputRow row)
    {
        StringBuilder result = t_builder ?? new StringBuilder(1024);
        t_builder = null;
        result.Clear();
        foreach ((string text, bool isPlaceholder) in _segments)
        {
            if (!isPlaceholder)
            {
                result.Append(text);
            }
            else if (row.TryGetText(text, out string? value))
            {
                result.Append(value);
            }
            else
            {
                throw new BlobBatchException(
                    "TemplatePropertyMissing", ErrorKind.InvalidData,
                    $"Row {row.RowNumber} has no property '{text}', which the template names. Its properties: {string.Join(", ", row.PropertyNames)}.",
                    $"row {row.RowNumber}");
            }
        }

        string rendered = result.ToString();
        if (result.Capacity <= KeptBuilderCapacity)
        {
            t_builder = result;
        }

        return rendered;
    }

    private static void Flush(StringBuilder literal, List<(string, bool)> segments)
    {
        if (literal.Length > 0)
        {
            segments.Add((literal.ToString(), false));
            literal.Clear();
        }
    }
}
