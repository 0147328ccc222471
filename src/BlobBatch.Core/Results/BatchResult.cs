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

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public string? RequestId { get; set; }

    public string? BatchId { get; set; }

    /// <summary>The source row's values, when the input side map is known and asked for.</summary>
    public IReadOnlyDictionary<string, string?>? Input { get; set; }
}
