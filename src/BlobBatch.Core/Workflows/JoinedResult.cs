using System.Collections.Generic;
using BlobBatch.Core.Results;

namespace BlobBatch.Core.Workflows;

/// <summary>One request's result with its input row (null when not joined or not found) and the columns of the joined table.</summary>
public sealed class JoinedResult
{
    public JoinedResult(BatchResult result, IReadOnlyDictionary<string, string?>? row, JoinedColumns columns)
    {
        Result = result;
        Row = row;
        Columns = columns;
    }

    public BatchResult Result { get; }

    public IReadOnlyDictionary<string, string?>? Row { get; }

    public JoinedColumns Columns { get; }
}
