namespace BlobBatch.Emulator.Models;

/// <summary>The APIs a rule covers (a batch line's url, normalised).</summary>
[Flags]
public enum RuleApis
{
    Chat = 1,
    Responses = 2,
    Both = Chat | Responses,
}

/// <summary>What values of a parameter a model takes.</summary>
public enum AllowedValues
{
    /// <summary>None: the parameter must be absent (or null).</summary>
    None,

    /// <summary>Only the default, 1 (temperature, top_p on reasoning models).</summary>
    OnlyDefaultOne,

    /// <summary>A reasoning effort: minimal, low, medium or high.</summary>
    ReasoningEffort,
}

/// <summary>
/// One row of the rule table: for lines to reasoning (or to other) models on the given APIs, the parameter at
/// <see cref="Path"/> (dots for nesting) may only take <see cref="Allowed"/>; <see cref="Hint"/> ends the message.
/// </summary>
public sealed record ParameterRule(bool ForReasoningModels, RuleApis Apis, string Path, AllowedValues Allowed, string? Hint = null);
