using System.Text.Json;

namespace BlobBatch.Emulator.Http;

/// <summary>The service's HTTP error envelope: {"error":{"code","message"[,"param"]}}.</summary>
public static class ServiceError
{
    public static IResult Result(int statusCode, string code, string message, string? param = null) =>
        Results.Text(Serialize(code, message, param), "application/json", statusCode: statusCode);

    public static async Task WriteAsync(HttpContext context, int statusCode, string code, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Serialize(code, message, null), context.RequestAborted);
    }

    public static IResult InvalidPayload(string message, string? param = null) => Result(400, "invalidPayload", message, param);

    public static IResult NotFound(string message) => Result(404, "notFound", message);

    private static string Serialize(string code, string message, string? param)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            if (param is not null)
            {
                writer.WriteString("param", param);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
