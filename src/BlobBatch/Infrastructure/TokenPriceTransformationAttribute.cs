using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Infrastructure;

/// <summary>
/// Lets -Price take what a user has at hand: @{ Input = 2.5; CachedInput = 1.25; Output = 10 }, an object
/// with those properties (Import-Csv prices.csv | Select-Object -First 1), or a TokenPrice. CachedInput is optional.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class TokenPriceTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly string[] Names = { nameof(TokenPrice.Input), nameof(TokenPrice.CachedInput), nameof(TokenPrice.Output) };

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? raw = inputData is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : inputData;
        if (raw is null or TokenPrice)
        {
            return raw;
        }

        Dictionary<string, object?> values = raw switch
        {
            IDictionary dictionary => dictionary.Keys.Cast<object>().ToDictionary(k => k.ToString() ?? string.Empty, k => (object?)dictionary[k], StringComparer.OrdinalIgnoreCase),
            PSObject custom => custom.Properties.ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.OrdinalIgnoreCase),
            _ => throw Invalid($"a {raw.GetType().Name} is not a price"),
        };
        string? unknown = values.Keys.FirstOrDefault(k => !Names.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw Invalid($"'{unknown}' is not one of {string.Join(", ", Names)}");
        }

        try
        {
            var price = new TokenPrice(Required(values, nameof(TokenPrice.Input)), Optional(values, nameof(TokenPrice.CachedInput)), Required(values, nameof(TokenPrice.Output)));
            Completion.RecentNames.Price(Completion.PriceCompleter.Literal(price));
            return price;
        }
        catch (BlobBatchException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    private static decimal Required(Dictionary<string, object?> values, string name) =>
        Optional(values, name) ?? throw Invalid($"{name} is missing");

    private static decimal? Optional(Dictionary<string, object?> values, string name)
    {
        if (!values.TryGetValue(name, out object? value) || value is null)
        {
            return null;
        }

        try
        {
            return LanguagePrimitives.ConvertTo<decimal>(value);
        }
        catch (PSInvalidCastException)
        {
            throw Invalid($"{name} '{value}' is not a number");
        }
    }

    private static ArgumentTransformationMetadataException Invalid(string why) =>
        new($"-Price takes the prices per million tokens as @{{ Input = 2.50; CachedInput = 1.25; Output = 10.00 }} (CachedInput optional): {why}.");
}
