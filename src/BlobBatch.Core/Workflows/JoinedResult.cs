using System.Collections.Generic;
using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Answers;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// One request's result with its input row (null when not joined or not found), its answer's fields
/// (null unless expanded) and the columns of the joined table.
/// </summary>
public sealed class JoinedResult
{
    public JoinedResult(BatchResult result, IReadOnlyDictionary<string, string?>? row, JoinedColumns columns, ExpandedAnswer? answer = null)
    {
        Result = result;
        Row = row;
        Columns = columns;
        Answer = answer;
    }

    public BatchResult Result { get; }

    public IReadOnlyDictionary<string, string?>? Row { get; }

    public JoinedColumns Columns { get; }

    public ExpandedAnswer? Answer { get; }

    /// <summary>One value per name of <see cref="JoinedColumns.AllNames"/>, in that order.</summary>
    public IReadOnlyList<object?> Values()
    {
        var values = new List<object?>(Columns.AllNames.Count);
        // By index: enumerating an IReadOnlyList boxes its enumerator, once per row.
        IReadOnlyList<string> rowColumns = Columns.RowColumns;
        for (int i = 0; i < rowColumns.Count; i++)
        {
            values.Add(Row is not null && Row.TryGetValue(rowColumns[i], out string? value) ? value : null);
        }

        if (Columns.AnswerErrorName is not null)
        {
            values.AddRange(Answer?.Values ?? new object?[Columns.AnswerNames.Count]);
            values.Add(Answer?.Error);
        }

        Columns.AddResultValues(Result, values);
        return values;
    }
}
