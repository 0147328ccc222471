using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace BlobBatch.Completion;

internal static class CompletionResults
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string wordToComplete)
    {
        string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return candidates
            .Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Select(c => new CompletionResult(c.IndexOfAny(new[] { ' ', '$', '\'' }) >= 0 ? $"'{c.Replace("'", "''")}'" : c, c, CompletionResultType.ParameterValue, c));
    }
}
