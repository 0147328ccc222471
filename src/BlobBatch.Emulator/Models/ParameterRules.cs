using System.Text.Json;
using System.Text.Json.Nodes;
using BlobBatch.Emulator.Input;

namespace BlobBatch.Emulator.Models;

/// <summary>
/// The parameters today's model families refuse, checked per line before the line runs: a refused line fails
/// alone with a 400 in errors.jsonl, as the service answers it, and the batch goes on.
/// </summary>
public static class ParameterRules
{
    public static IReadOnlyList<string> ReasoningEfforts { get; } = ["minimal", "low", "medium", "high"];

    /// <summary>The rule table; the first row a line breaks decides its error.</summary>
    public static IReadOnlyList<ParameterRule> Table { get; } =
    [
        // Reasoning models (o-series, gpt-5 family) count hidden reasoning in max_completion_tokens and sample only at the defaults.
        new(true, RuleApis.Chat, "max_tokens", AllowedValues.None, "Use 'max_completion_tokens' instead."),
        new(true, RuleApis.Both, "temperature", AllowedValues.OnlyDefaultOne),
        new(true, RuleApis.Both, "top_p", AllowedValues.OnlyDefaultOne),
        new(true, RuleApis.Chat, "reasoning_effort", AllowedValues.ReasoningEffort),
        new(true, RuleApis.Responses, "reasoning.effort", AllowedValues.ReasoningEffort),

        // Other models (gpt-4o, gpt-4.1, gpt-5-chat, …) do not reason; max_completion_tokens works for every chat model.
        new(false, RuleApis.Chat, "reasoning_effort", AllowedValues.None),
        new(false, RuleApis.Responses, "reasoning.effort", AllowedValues.None),
        new(false, RuleApis.Responses, "reasoning", AllowedValues.None),
    ];

    /// <summary>The refusal for the first rule the line breaks, or null when the model takes every parameter it sets.</summary>
    public static ParameterRefusal? Check(InputRequest request, string model)
    {
        RuleApis? api = EndpointPaths.Normalise(request.Url) switch
        {
            EndpointPaths.ChatCompletions => RuleApis.Chat,
            EndpointPaths.Responses => RuleApis.Responses,
            _ => null,
        };
        if (api is null)
        {
            return null;
        }

        bool reasoning = ModelFamily.IsReasoning(model);
        foreach (ParameterRule rule in Table)
        {
            if (rule.ForReasoningModels == reasoning && rule.Apis.HasFlag(api.Value)
                && ValueAt(request.Body, rule.Path) is JsonNode value
                && Refuse(rule, value) is ParameterRefusal refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static ParameterRefusal? Refuse(ParameterRule rule, JsonNode value) => rule.Allowed switch
    {
        AllowedValues.None => new ParameterRefusal(rule.Path, ParameterRefusal.UnsupportedParameter,
            $"Unsupported parameter: '{rule.Path}' is not supported with this model." + (rule.Hint is null ? string.Empty : " " + rule.Hint)),
        AllowedValues.OnlyDefaultOne when !IsNumber(value, 1) => new ParameterRefusal(rule.Path, ParameterRefusal.UnsupportedValue,
            $"Unsupported value: '{rule.Path}' does not support {Shown(value)} with this model. Only the default (1) value is supported."),
        AllowedValues.ReasoningEffort when !IsOneOf(value, ReasoningEfforts) => new ParameterRefusal(rule.Path, ParameterRefusal.UnsupportedValue,
            $"Unsupported value: '{rule.Path}' does not support {Shown(value)} with this model. Supported values are: {Listed(ReasoningEfforts)}."),
        _ => null,
    };

    /// <summary>The value at a dotted path; null when absent or JSON null (the service treats both as "not set").</summary>
    private static JsonNode? ValueAt(JsonObject body, string path)
    {
        JsonNode? current = body;
        foreach (string name in path.Split('.'))
        {
            current = (current as JsonObject)?[name];
        }

        return current;
    }

    private static bool IsNumber(JsonNode value, double expected) =>
        value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.GetValue<double>() == expected;

    private static bool IsOneOf(JsonNode value, IReadOnlyList<string> allowed) =>
        value is JsonValue text && text.TryGetValue(out string? name) && allowed.Contains(name, StringComparer.Ordinal);

    // As the service shows them: numbers bare (0.2), strings in single quotes ('extreme').
    private static string Shown(JsonNode value) =>
        value is JsonValue text && text.TryGetValue(out string? name) ? $"'{name}'" : value.ToJsonString();

    // 'minimal', 'low', 'medium', and 'high'
    private static string Listed(IReadOnlyList<string> values) =>
        string.Join(", ", values.Take(values.Count - 1).Select(v => $"'{v}'")) + $", and '{values[^1]}'";
}
