using System.Collections.Generic;

namespace BlobBatch.Core.Results.Answers;

/// <summary>One answer's fields, typed as JSON gives them and in the order of the run's answer columns; or why there are none.</summary>
public sealed class ExpandedAnswer
{
    public ExpandedAnswer(IReadOnlyList<object?> values, string? error)
    {
        Values = values;
        Error = error;
    }

    /// <summary>One value per answer field: string, long, double, bool, null, or JSON text for a nested object or array.</summary>
    public IReadOnlyList<object?> Values { get; }

    /// <summary>Why the fields are empty (the request failed, the answer is not a JSON object); null when they were read.</summary>
    public string? Error { get; }
}
