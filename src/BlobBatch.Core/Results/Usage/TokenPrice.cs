using System.Globalization;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Results.Usage;

/// <summary>
/// What tokens cost, per million, in whatever currency the prices are given in: input, cached input
/// (prompt tokens served from the cache; the input price when not given) and output. Reasoning tokens
/// are output tokens, as the service bills them. Decimal, so a run's cost is exactly the sum of its requests'.
/// </summary>
public sealed class TokenPrice
{
    private const decimal Million = 1_000_000m;

    public TokenPrice(decimal input, decimal? cachedInput, decimal output)
    {
        Input = RequireNotNegative(input, nameof(Input));
        CachedInput = RequireNotNegative(cachedInput ?? input, nameof(CachedInput));
        Output = RequireNotNegative(output, nameof(Output));
    }

    /// <summary>Per million prompt tokens not served from the cache.</summary>
    public decimal Input { get; }

    /// <summary>Per million prompt tokens served from the cache.</summary>
    public decimal CachedInput { get; }

    /// <summary>Per million completion tokens, reasoning tokens included.</summary>
    public decimal Output { get; }

    public decimal CostOf(long promptTokens, long cachedPromptTokens, long completionTokens) =>
        (((promptTokens - cachedPromptTokens) * Input) + (cachedPromptTokens * CachedInput) + (completionTokens * Output)) / Million;

    /// <summary>Null for a request the service reported no usage for (it cost nothing that can be known).</summary>
    public decimal? CostOf(BatchResult result) => result.PromptTokens is null && result.CompletionTokens is null
        ? null
        : CostOf(result.PromptTokens ?? 0, result.CachedPromptTokens ?? 0, result.CompletionTokens ?? 0);

    /// <summary>The input side of an estimate made before anything runs (no cache assumed).</summary>
    public decimal InputCostOf(long promptTokens) => promptTokens * Input / Million;

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture, "input {0}, cached input {1}, output {2} per million tokens", Input, CachedInput, Output);

    private static decimal RequireNotNegative(decimal value, string name) => value >= 0
        ? value
        : throw new BlobBatchException("InvalidPrice", ErrorKind.InvalidArgument, $"-Price {name} is {value}; a price per million tokens is zero or more.", name);
}
