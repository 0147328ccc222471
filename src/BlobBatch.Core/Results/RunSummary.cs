using System.Collections.Generic;

namespace BlobBatch.Core.Results;

/// <summary>What a saved run amounts to: counts, tokens, which ids failed, and where the files are.</summary>
public sealed class RunSummary
{
    public string Path { get; set; } = string.Empty;

    public IReadOnlyList<string> BatchIds { get; set; } = new List<string>();

    public IReadOnlyList<string> Statuses { get; set; } = new List<string>();

    public int Requests { get; set; }

    public int Succeeded { get; set; }

    public int Failed { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    public IReadOnlyList<string> FailedIds { get; set; } = new List<string>();

    /// <summary>Why batches failed validation, as "batch: code (line n): message".</summary>
    public IReadOnlyList<string> ValidationErrors { get; set; } = new List<string>();

    /// <summary>Requests of the input that have no result (their batch failed, expired or was cancelled first).</summary>
    public int NotRun { get; set; }

    public IReadOnlyList<string> NotRunIds { get; set; } = new List<string>();

    /// <summary>True when every input id is accounted for exactly once.</summary>
    public bool Reconciled { get; set; }

    /// <summary>What broke reconciliation: ids twice, results without input. Empty when reconciled.</summary>
    public IReadOnlyList<string> ReconciliationProblems { get; set; } = new List<string>();

    /// <summary>Lines of the service's results or errors files that could not be read, as "batch … file line n: why".</summary>
    public IReadOnlyList<string> InvalidLines { get; set; } = new List<string>();

    public string ResultsPath { get; set; } = string.Empty;

    public string ErrorsPath { get; set; } = string.Empty;
}
