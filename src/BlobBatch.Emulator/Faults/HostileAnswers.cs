using System.Text;
using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Faults;

/// <summary>
/// Answers a hostile or broken service (or a proxy in front of it) could give, for testing clients:
/// a real answer with one field changed, a body of anything, a body too large to hold.
/// </summary>
public static class HostileAnswers
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Runs the real endpoint into memory, sets the rule's field on the batch (or on every batch of a list), and sends that.</summary>
    public static async Task RewriteAsync(HttpContext context, RequestDelegate next, FaultRule rule)
    {
        Stream original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        byte[] answer = captured.ToArray();
        if (rule.Field is not null && context.Response.StatusCode is >= 200 and < 300 && JsonNode.Parse(answer) is JsonObject root)
        {
            foreach (JsonObject batch in root["data"] is JsonArray list ? list.OfType<JsonObject>() : [root])
            {
                foreach (string field in rule.Field.Split(','))
                {
                    batch[field.Trim()] = rule.Value is null ? null : JsonValue.Create(rule.Value);
                }
            }

            answer = Encoding.UTF8.GetBytes(root.ToJsonString());
        }

        context.Response.ContentLength = answer.Length;
        await original.WriteAsync(answer, context.RequestAborted);
    }

    public static async Task BodyAsync(HttpContext context, FaultRule rule)
    {
        byte[] body = Encoding.UTF8.GetBytes(rule.Body ?? string.Empty);
        context.Response.StatusCode = rule.StatusCode;
        context.Response.ContentType = rule.ContentType ?? "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>{"id":"…","pad":"xxxx…"} of SizeBytes bytes, written a chunk at a time so the emulator itself holds none of it.</summary>
    public static async Task HugeAsync(HttpContext context, FaultRule rule)
    {
        byte[] head = Encoding.UTF8.GetBytes("{\"id\":\"batch_00000000000000000000000000000000\",\"pad\":\"");
        byte[] tail = Encoding.UTF8.GetBytes("\"}");
        long padding = Math.Max(0, rule.SizeBytes - head.Length - tail.Length);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (rule.DeclareLength)
        {
            context.Response.ContentLength = head.Length + padding + tail.Length;
        }

        byte[] chunk = new byte[ChunkBytes];
        Array.Fill(chunk, (byte)'x');
        await context.Response.Body.WriteAsync(head, context.RequestAborted);
        for (long left = padding; left > 0; left -= ChunkBytes)
        {
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, left)), context.RequestAborted);
        }

        await context.Response.Body.WriteAsync(tail, context.RequestAborted);
    }
}
