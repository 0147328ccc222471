using System.Text.RegularExpressions;

namespace BlobBatch.Emulator.Models;

/// <summary>
/// Tells reasoning models from the others by the model name a deployment carries. The emulator keeps its own copy
/// of this rule, independent of the client's, so a test can catch the two disagreeing.
/// </summary>
public static partial class ModelFamily
{
    /// <summary>Reasoning models: the o-series (o1, o3, o3-mini, o4-mini, …) and the gpt-5 family (gpt-5, gpt-5-mini, gpt-5.1, gpt-5.4-mini, …).</summary>
    public static bool IsReasoning(string model) =>
        (OSeries().IsMatch(model) || Gpt5Family().IsMatch(model)) && !IsChatTuned(model);

    // gpt-5-chat, gpt-5.1-chat-latest: chat-tuned variants of the family that do not reason and take the classic parameters.
    private static bool IsChatTuned(string model) => model.Contains("-chat", StringComparison.OrdinalIgnoreCase);

    // o1, o1-mini, o3-pro, o4-mini-2025-04-16; not "omni-…" or "o-something".
    [GeneratedRegex(@"^o\d+(-|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OSeries();

    // gpt-5, gpt-5-nano, gpt-5.1, gpt-5.4-mini, gpt-5-2025-08-07; not gpt-50 or gpt-4.5.
    [GeneratedRegex(@"^gpt-5(\.\d+)?(-|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Gpt5Family();
}
