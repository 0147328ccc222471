using System;
using System.Collections.Generic;

namespace BlobBatch.Core.Results;

/// <summary>
/// The columns of a result joined to its row: the row's own columns first, then the result's.
/// A result column whose name the input already uses is prefixed "Result" so nothing is lost.
/// </summary>
public sealed class JoinedColumns
{
    public static readonly IReadOnlyList<string> ResultColumns = new[]
    {
        nameof(BatchResult.CustomId), nameof(BatchResult.Succeeded), nameof(BatchResult.StatusCode), nameof(BatchResult.Content),
        nameof(BatchResult.FinishReason), nameof(BatchResult.PromptTokens), nameof(BatchResult.CompletionTokens),
        nameof(BatchResult.ErrorCode), nameof(BatchResult.ErrorMessage),
    };

    public JoinedColumns(IReadOnlyList<string> rowColumns)
    {
        RowColumns = rowColumns;
        var taken = new HashSet<string>(rowColumns, StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (string column in ResultColumns)
        {
            names.Add(taken.Contains(column) ? "Result" + column : column);
        }

        ResultNames = names;
    }

    public IReadOnlyList<string> RowColumns { get; }

    /// <summary>Names for <see cref="ResultColumns"/>, in the same order.</summary>
    public IReadOnlyList<string> ResultNames { get; }

    public static IReadOnlyList<object?> ResultValues(BatchResult result) => new object?[]
    {
        result.CustomId, result.Succeeded, result.StatusCode, result.Content, result.FinishReason,
        result.PromptTokens, result.CompletionTokens, result.ErrorCode, result.ErrorMessage,
    };
}
