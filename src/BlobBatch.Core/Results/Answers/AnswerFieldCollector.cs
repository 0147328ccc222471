using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace BlobBatch.Core.Results.Answers;

/// <summary>
/// The top-level field names of a run's JSON-object answers, in the order first seen, so the columns are
/// known before the first row is written. Bounded: an answer shaped like a map (a key per item) would
/// otherwise make a column per key; past the bound further names stay in Content only.
/// </summary>
internal sealed class AnswerFieldCollector
{
    public const int MaxFields = 100;

    private readonly List<string> _fields = new();
    private readonly HashSet<string> _seen = new();

    public IReadOnlyList<string> Fields => _fields;

    /// <summary>True when answers had more distinct fields than <see cref="MaxFields"/>.</summary>
    public bool Truncated { get; private set; }

    public void Observe(BatchResult result)
    {
        if (!result.Succeeded || result.Content is not string content || !AnswerJson.LooksLikeObject(content))
        {
            return;
        }

        using JsonDocument? document = AnswerJson.TryParse(content, out _);
        if (document?.RootElement.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (_seen.Contains(property.Name))
            {
                continue;
            }

            if (_fields.Count == MaxFields)
            {
                Truncated = true;
                return;
            }

            _seen.Add(property.Name);
            _fields.Add(property.Name);
        }
    }
}
