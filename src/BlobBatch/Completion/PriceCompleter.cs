using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Completion;

/// <summary>
/// Completes -Price with the prices this session has used, then the shape to fill in, as hashtable
/// literals: nobody remembers the key names, and a price is usually the same for a whole session.
/// </summary>
public sealed class PriceCompleter : IArgumentCompleter
{
    private const string Shape = "@{ Input = 0; CachedInput = 0; Output = 0 }";

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete ?? string.Empty;
        return RecentNames.PricesSeen().Append(Shape)
            .Where(text => text.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Select(text => new CompletionResult(text, text, CompletionResultType.ParameterValue, "Prices per million tokens"));
    }

    /// <summary>A price as the hashtable literal that gives it back.</summary>
    internal static string Literal(TokenPrice price) => string.Format(
        CultureInfo.InvariantCulture, "@{{ Input = {0}; CachedInput = {1}; Output = {2} }}", price.Input, price.CachedInput, price.Output);
}
