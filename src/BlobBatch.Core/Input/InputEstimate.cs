using System.Globalization;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Input;

/// <summary>What a part will cost on the input side before it is submitted: its counted prompt tokens, and their price when one is given.</summary>
public static class InputEstimate
{
    public static string Describe(long inputTokens, TokenPrice? price) => price is null
        ? string.Format(CultureInfo.InvariantCulture, "{0:N0} input tokens", inputTokens)
        : string.Format(CultureInfo.InvariantCulture, "{0:N0} input tokens, input cost {1:0.######}", inputTokens, price.InputCostOf(inputTokens));
}
