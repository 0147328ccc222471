using System;
using System.Collections.Generic;
using System.Linq;

namespace BlobBatch.Core.Results;

/// <summary>
/// The columns of a result joined to its row: the row's own columns first, then the answer's fields
/// (with -ExpandAnswer) and the reason they are empty, then the result's. A result column whose name
/// the input already uses is prefixed "Result"; an answer field whose name the input or the result
/// already uses is prefixed "Answer_", so nothing is lost and nothing is renamed without need.
/// </summary>
public sealed class JoinedColumns
{
    public const string AnswerErrorColumn = "AnswerError";
    private const string AnswerPrefix = "Answer_";

    private static readonly IReadOnlyList<string> BaseResultColumns = new[]
    {
        nameof(BatchResult.CustomId), nameof(BatchResult.Succeeded), nameof(BatchResult.StatusCode), nameof(BatchResult.Content),
        nameof(BatchResult.FinishReason), nameof(BatchResult.Model), nameof(BatchResult.PromptTokens), nameof(BatchResult.CachedPromptTokens),
        nameof(BatchResult.CompletionTokens), nameof(BatchResult.ReasoningTokens), nameof(BatchResult.ErrorCode), nameof(BatchResult.ErrorMessage),
    };

    private readonly bool _withCost;

    public JoinedColumns(IReadOnlyList<string> rowColumns, IReadOnlyList<string>? answerFields = null, bool withCost = false)
    {
        RowColumns = rowColumns;
        _withCost = withCost;
        ResultColumns = withCost ? BaseResultColumns.Concat(new[] { nameof(BatchResult.Cost) }).ToList() : BaseResultColumns;
        var taken = new HashSet<string>(rowColumns, StringComparer.OrdinalIgnoreCase);
        ResultNames = ResultColumns.Select(column => taken.Contains(column) ? "Result" + column : column).ToList();

        // Answer fields also become properties of a BatchResult (-PassThru), so its every property is taken too.
        taken.UnionWith(ResultNames);
        taken.UnionWith(typeof(BatchResult).GetProperties().Select(p => p.Name));
        AnswerFields = answerFields ?? Array.Empty<string>();
        AnswerNames = AnswerFields.Select(name => Claim(taken, name)).ToList();
        AnswerErrorName = answerFields is null ? null : Claim(taken, AnswerErrorColumn);
        AllNames = RowColumns.Concat(AnswerNames).Concat(AnswerErrorName is null ? Array.Empty<string>() : new[] { AnswerErrorName }).Concat(ResultNames).ToList();
    }

    public IReadOnlyList<string> RowColumns { get; }

    /// <summary>The answer fields as they appear in the answers; empty unless answers are expanded.</summary>
    public IReadOnlyList<string> AnswerFields { get; }

    /// <summary>Names for <see cref="AnswerFields"/>, in the same order.</summary>
    public IReadOnlyList<string> AnswerNames { get; }

    /// <summary>The column that says why an answer's fields are empty; null unless answers are expanded.</summary>
    public string? AnswerErrorName { get; }

    /// <summary>Every column in order: the row's, the answer's (and its reason), the result's.</summary>
    public IReadOnlyList<string> AllNames { get; }

    /// <summary>The result's own columns, Cost only with a price.</summary>
    public IReadOnlyList<string> ResultColumns { get; }

    /// <summary>Names for <see cref="ResultColumns"/>, in the same order.</summary>
    public IReadOnlyList<string> ResultNames { get; }

    /// <summary>Appends the result's values, in the order of <see cref="ResultNames"/>.</summary>
    internal void AddResultValues(BatchResult result, List<object?> values)
    {
        values.Add(result.CustomId);
        values.Add(Boxed.Of(result.Succeeded));
        values.Add(Boxed.Of(result.StatusCode));
        values.Add(result.Content);
        values.Add(result.FinishReason);
        values.Add(result.Model);
        values.Add(Boxed.Of(result.PromptTokens));
        values.Add(Boxed.Of(result.CachedPromptTokens));
        values.Add(Boxed.Of(result.CompletionTokens));
        values.Add(Boxed.Of(result.ReasoningTokens));
        values.Add(result.ErrorCode);
        values.Add(result.ErrorMessage);
        if (_withCost)
        {
            values.Add(result.Cost);
        }
    }

    private static string Claim(HashSet<string> taken, string name)
    {
        string claimed = taken.Contains(name) ? AnswerPrefix + name : name;
        for (int n = 2; taken.Contains(claimed); n++)
        {
            claimed = $"{AnswerPrefix}{name}_{n}";
        }

        taken.Add(claimed);
        return claimed;
    }
}
