using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Tests.Infrastructure;

/// <summary>Batch input lines for tests.</summary>
public static class InputLines
{
    public const string Deployment = "gpt-4o-batch";

    public static string Chat(string customId, string text = "hello", string deployment = Deployment, string url = "/chat/completions", string method = "POST") =>
        Chat(customId, [], text, deployment, url, method);

    /// <summary>A chat line whose body also sets <paramref name="parameters"/> (max_completion_tokens, temperature, …).</summary>
    public static string Chat(string customId, JsonObject parameters, string text = "hello", string deployment = Deployment, string url = "/chat/completions", string method = "POST")
    {
        var body = new JsonObject
        {
            ["model"] = deployment,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Classify." },
                new JsonObject { ["role"] = "user", ["content"] = text }),
        };
        foreach ((string name, JsonNode? value) in parameters)
        {
            body[name] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["custom_id"] = customId,
            ["method"] = method,
            ["url"] = url,
            ["body"] = body,
        }.ToJsonString();
    }

    public static string Many(int count, string prefix = "task") =>
        string.Join("\n", Enumerable.Range(0, count).Select(i => Chat($"{prefix}-{i}", $"request number {i}"))) + "\n";

    public static string Join(params string[] lines) => string.Join("\n", lines) + "\n";
}
