using System.Collections.Generic;

namespace BlobBatch.Core.Results;

/// <summary>One request's outcome, flat, so it exports to CSV as it is.</summary>
public sealed class BatchResult
{
    public string CustomId { get; set; } = string.Empty;

    public bool Succeeded { get; set; }

    public int? StatusCode { get; set; }

    public string? Content { get; set; }

    public string? FinishReason { get; set; }

    public int? PromptTokens { get; set; }

    public int? CompletionTokens { get; set; }

    /// <summary>Prompt tokens served from the prompt cache (billed at the cached-input price); part of <see cref="PromptTokens"/>.</summary>
    public int? CachedPromptTokens { get; set; }

    /// <summary>Hidden reasoning tokens of a reasoning model; part of <see cref="CompletionTokens"/>, as the service bills them.</summary>
    public int? ReasoningTokens { get; set; }

    /// <summary>The model that answered, as the service names it (gpt-4o-2024-08-06): the deployment's model, not the deployment.</summary>
    public string? Model { get; set; }

    /// <summary>What the request cost at the price given to Save-BatchResult -Price; null without a price or without usage.</summary>
    public decimal? Cost { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public string? RequestId { get; set; }

    public string? BatchId { get; set; }

    /// <summary>The source row's values, when the input side map is known and asked for.</summary>
    public IReadOnlyDictionary<string, string?>? Input { get; set; }
}
