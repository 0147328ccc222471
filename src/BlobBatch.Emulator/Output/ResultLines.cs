using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Output;

/// <summary>Lines of results.jsonl and errors.jsonl (spec §6).</summary>
public static class ResultLines
{
    public const string BatchExpired = "batch_expired";

    // The service writes apostrophes, '+', '<' and non-ASCII text as they are ('max_tokens', not \u0027max_tokens\u0027);
    // the lines are data files, never HTML, so only what JSON itself requires is escaped.
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An answered request: success lines go to results, HTTP failures to errors, both with a response.</summary>
    public static string Answered(string customId, int statusCode, JsonNode body) =>
        Line(customId, new JsonObject
        {
            ["status_code"] = statusCode,
            ["request_id"] = Guid.NewGuid().ToString(),
            ["body"] = body,
        }, null);

    /// <summary>A request that never got an answer (expired, cancelled, unreachable backend).</summary>
    public static string Unanswered(string customId, string code, string message) =>
        Line(customId, null, new JsonObject { ["code"] = code, ["message"] = message });

    public static JsonObject ErrorBody(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static string Line(string customId, JsonObject? response, JsonObject? error) =>
        new JsonObject
        {
            ["id"] = "batch_req_" + Guid.NewGuid().ToString("n"),
            ["custom_id"] = customId,
            ["response"] = response,
            ["error"] = error,
        }.ToJsonString(Unescaped);
}
