using System;
using System.Collections.Generic;
using System.Linq;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Input;

/// <summary>
/// The one table of which request parameters each model family refuses. Reasoning models (the
/// o-series and the gpt-5 family) refuse a temperature other than the default and max_tokens
/// (BlobBatch writes max_completion_tokens, which every current chat model takes), and take a
/// reasoning effort; the other chat models refuse a reasoning effort. Only BlobBatch's own
/// parameters are checked: -ExtraBody passes anything through, so the table never blocks a user.
/// </summary>
public sealed class ModelFamily
{
    private static readonly ModelFamily[] Table =
    {
        // "-chat" variants of gpt-5 are chat models without reasoning; they come before the gpt-5 family.
        new("gpt-5 chat", reasoning: false, efforts: Array.Empty<ReasoningEffort>(), "gpt-5-chat", "gpt-5.1-chat", "gpt-5.2-chat", "gpt-5.4-chat"),
        new("gpt-5 family (reasoning)", reasoning: true, efforts: new[] { ReasoningEffort.Minimal, ReasoningEffort.Low, ReasoningEffort.Medium, ReasoningEffort.High }, "gpt-5"),
        new("o-series (reasoning)", reasoning: true, efforts: new[] { ReasoningEffort.Low, ReasoningEffort.Medium, ReasoningEffort.High }, "o1", "o3", "o4"),
        new("gpt-4.1 / gpt-4o / gpt-4 / gpt-3.5 (chat)", reasoning: false, efforts: Array.Empty<ReasoningEffort>(), "gpt-4", "gpt-35", "gpt-3.5"),
    };

    private readonly string[] _prefixes;
    private readonly ReasoningEffort[] _efforts;

    private ModelFamily(string name, bool reasoning, ReasoningEffort[] efforts, params string[] prefixes)
    {
        Name = name;
        IsReasoning = reasoning;
        _efforts = efforts;
        _prefixes = prefixes;
    }

    public string Name { get; }

    /// <summary>Reasoning models refuse a temperature other than 1 and take a reasoning effort.</summary>
    public bool IsReasoning { get; }

    /// <summary>
    /// The family of a model name (gpt-5-mini, o4-mini, gpt-4o-2024-11-20), or of a deployment named
    /// after its model (gpt-5-batch); null when the name says nothing, and then nothing is checked.
    /// </summary>
    public static ModelFamily? Identify(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        string lower = name!.Trim().ToLowerInvariant();
        return Table.FirstOrDefault(family => family._prefixes.Any(prefix => StartsWithName(lower, prefix)));
    }

    /// <summary>Refuses, before anything is written, a setting this family would refuse on every line.</summary>
    public void Check(RequestSettings settings, string nameSource)
    {
        if (IsReasoning && settings.Temperature is double temperature && temperature != 1.0)
        {
            throw Refused(nameSource, "-Temperature", $"a temperature of {temperature} (reasoning models take only the default, 1)", "leave -Temperature out");
        }

        if (settings.ReasoningEffort is ReasoningEffort effort && !_efforts.Contains(effort))
        {
            string why = IsReasoning ? $"-ReasoningEffort {effort} (it takes {string.Join(", ", _efforts)})" : "a reasoning effort (it is not a reasoning model)";
            throw Refused(nameSource, "-ReasoningEffort", why, "leave -ReasoningEffort out or choose another value");
        }
    }

    private BlobBatchException Refused(string nameSource, string parameter, string what, string fix) => new(
        "ParameterNotSupportedByModel", ErrorKind.InvalidArgument,
        $"The {Name} models refuse {what}, so every line would fail. The family was read from {nameSource}. Fix: {fix}; " +
        "if the model behind the deployment is another one, say which with -Model; to send the field anyway, put it in -ExtraBody.",
        parameter);

    // "gpt-5" names gpt-5, gpt-5-mini and gpt-5.1, but not gpt-50; "o3" names o3 and o3-mini, not o30.
    private static bool StartsWithName(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal)
        && (name.Length == prefix.Length || !char.IsDigit(name[prefix.Length]) || prefix.EndsWith("-", StringComparison.Ordinal));
}
