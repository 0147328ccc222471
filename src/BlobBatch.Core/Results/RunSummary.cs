using System;
using System.Collections.Generic;
using System.Linq;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Results;

/// <summary>What a saved run amounts to: counts, tokens, which ids failed, and where the files are.</summary>
public sealed class RunSummary
{
    public string Path { get; set; } = string.Empty;

    public IReadOnlyList<string> BatchIds { get; set; } = new List<string>();

    public IReadOnlyList<string> Statuses { get; set; } = new List<string>();

    /// <summary>Every request of the run: succeeded, failed and not run.</summary>
    public int Requests { get; set; }

    public int Succeeded { get; set; }

    public int Failed { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    /// <summary>Prompt tokens served from the cache; part of <see cref="PromptTokens"/>.</summary>
    public long CachedPromptTokens { get; set; }

    /// <summary>Reasoning tokens; part of <see cref="CompletionTokens"/>.</summary>
    public long ReasoningTokens { get; set; }

    /// <summary>The models that answered (a few at most: one per deployment of the run).</summary>
    public IReadOnlyList<string> Models => _models;

    /// <summary>The price the cost was reckoned at, per million tokens; null without -Price.</summary>
    public TokenPrice? Price { get; set; }

    /// <summary>The run's cost at <see cref="Price"/>: exactly the sum of its requests' costs. Null without a price.</summary>
    public decimal? Cost => Price is null ? null : _cost;

    /// <summary>Each batch's status and timing, created to ended.</summary>
    public IReadOnlyList<BatchOutcome> Batches { get; set; } = new List<BatchOutcome>();

    /// <summary>From the first batch created to the last one ended.</summary>
    public TimeSpan? Duration => Batches.Any(b => b.Duration is null) || Batches.Count == 0
        ? null
        : Batches.Max(b => b.EndedAt!.Value) - Batches.Min(b => b.CreatedAt!.Value);

    /// <summary>Why requests did not run (a batch that failed validation with model_not_found, expired, …); null when all ran.</summary>
    public string? NotRunReason => NotRun == 0 ? null : string.Join("; ", Batches.Select(b => b.WhyNotRun()).OfType<string>().DefaultIfEmpty("their batch ended before them"));

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

    private readonly List<string> _models = new();
    private decimal _cost;

    /// <summary>Counts one request's cached and reasoning tokens and its model, and prices it when a price is set.</summary>
    internal void AddUsage(BatchResult result)
    {
        CachedPromptTokens += result.CachedPromptTokens ?? 0;
        ReasoningTokens += result.ReasoningTokens ?? 0;
        if (result.Model is string model && _models.Count < MaxModels && !_models.Contains(model))
        {
            _models.Add(model);
        }

        if (Price is not null)
        {
            result.Cost = Price.CostOf(result);
            _cost += result.Cost ?? 0;
        }
    }

    // A run has one model per deployment; a bound keeps a strange output from growing the list.
    private const int MaxModels = 16;
}
