using System;
using System.Text;
using System.Text.Json;

namespace BlobBatch.Core.Results.Answers;

/// <summary>
/// The JSON an answer holds: the content itself, or the body of a ```json fence around it (models
/// asked for JSON without a schema often fence it). Parsed strictly otherwise: no comments, no trailing commas.
/// </summary>
internal static class AnswerJson
{
    /// <summary>The answer as a JSON document, or null with why it is not one.</summary>
    public static JsonDocument? TryParse(string content, out string? problem)
    {
        try
        {
            problem = null;
            return JsonDocument.Parse(Encoding.UTF8.GetBytes(Unfenced(content)));
        }
        catch (JsonException ex)
        {
            problem = "the answer is not JSON: " + FirstSentence(ex.Message);
            return null;
        }
    }

    /// <summary>Cheap test for the name collector: only text that starts like an object can be one.</summary>
    public static bool LooksLikeObject(string content) => Unfenced(content).StartsWith("{", StringComparison.Ordinal);

    private static string Unfenced(string content)
    {
        string text = content.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        int firstLineEnd = text.IndexOf('\n');
        int closing = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstLineEnd > 0 && closing > firstLineEnd ? text.Substring(firstLineEnd + 1, closing - firstLineEnd - 1).Trim() : text;
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message.Substring(0, end) : message.TrimEnd('.');
    }
}
