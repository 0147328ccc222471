using System;
using System.Collections.Generic;
using System.Threading;
using BlobBatch.Core.IO;
using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Answers;
using BlobBatch.Core.Results.Ordering;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// The per-request side of a save: every result, in the order of the input, joined to its row and (when
/// asked) its answer's fields, written to the CSV and handed to the caller. Runs after the results were
/// merged and reconciled, so the answer columns are known before the header is written, and the input
/// ids are read once, by the reconciling pass.
/// </summary>
internal static class JoinedOutput
{
    private const string Activity = "Writing results in input order";

    /// <param name="merge">Every result and every input id already added (the input ids by the save's reconciling pass).</param>
    public static JoinedColumns Write(
        InputOrderMerge merge,
        AnswerFieldCollector? fields,
        SaveSettings settings,
        IReadOnlyList<string> rowMapPaths,
        Action<JoinedResult>? onResult,
        WorkflowHooks hooks,
        YoungGenerationPacer youngGeneration,
        CancellationToken cancellationToken)
    {
        if (fields?.Truncated == true)
        {
            hooks.Warn($"The answers have more than {AnswerFieldCollector.MaxFields} different top-level fields; only the first {AnswerFieldCollector.MaxFields} became columns, the rest stay in Content.");
        }

        // The results come in input order, so the side maps are read beside them rather than indexed.
        using InputOrderRows? rows = settings.JoinRows || settings.CsvPath is not null
            ? InputOrderRows.Open(rowMapPaths, youngGeneration)
            : null;
        var columns = new JoinedColumns(rows?.Columns ?? Array.Empty<string>(), fields?.Fields, settings.Price is not null);
        AnswerExpander? expander = fields is null ? null : new AnswerExpander(columns.AnswerFields);
        using CsvResultWriter? csv = settings.CsvPath is null ? null : new CsvResultWriter(settings.CsvPath, columns, settings.Force, settings.EscapeFormulas);
        var progress = new ThrottledProgress(hooks.Progress);
        long written = 0;
        foreach (BatchResult result in merge.ReadInInputOrder())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var joined = new JoinedResult(result, rows?.Find(result.CustomId), columns, expander?.Expand(result));
            csv?.Write(joined.Values());
            onResult?.Invoke(joined);
            written++;
            youngGeneration.Tick();
            if (progress.IsDue)
            {
                progress.Report(() => new WorkProgress(ProgressActivities.Ordering, Activity, $"{written:N0} of {merge.ResultCount:N0} requests", WorkProgress.PercentOf(written, merge.ResultCount)));
            }
        }

        csv?.Complete();
        progress.Complete(ProgressActivities.Ordering, Activity);
        return columns;
    }
}
