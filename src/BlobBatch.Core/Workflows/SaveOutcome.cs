using System.Collections.Generic;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Results;

namespace BlobBatch.Core.Workflows;

/// <summary>What a save produced: the run's summary, the joined columns, and the per-item problems to report.</summary>
public sealed class SaveOutcome
{
    public SaveOutcome(RunSummary summary, JoinedColumns columns, IReadOnlyList<BlobBatchException> problems)
    {
        Summary = summary;
        Columns = columns;
        Problems = problems;
    }

    public RunSummary Summary { get; }

    public JoinedColumns Columns { get; }

    /// <summary>Batches the service refused in validation, and a reconciliation that failed; the results are saved all the same.</summary>
    public IReadOnlyList<BlobBatchException> Problems { get; }
}
