using System;
using System.ClientModel.Primitives;
using System.Text.Json;

namespace BlobBatch.Core.Errors;

/// <summary>The one place the batch service's HTTP failures become our errors.</summary>
public static class OpenAIErrors
{
    public const string TokenLimitCode = "token_limit_exceeded";

    private const int LongestDetail = 500;

    public static BlobBatchException FromResponse(PipelineResponse response, string action, object? target)
    {
        (string code, string message) = ReadError(response);
        string detail = $"{action} failed: {response.Status} {code}: {message}";
        if (response.Status == 400 && (code.Contains(TokenLimitCode) || message.Contains(TokenLimitCode)))
        {
            return new BlobBatchException("TokenLimitExceeded", ErrorKind.QuotaExceeded,
                $"{detail}. The deployment's enqueued-token quota is full; wait for running batches to finish.", target);
        }

        return response.Status switch
        {
            401 => new BlobBatchException("ServiceAuthenticationFailed", ErrorKind.AuthenticationFailed,
                $"{detail}. Check the API key, or that your identity may use the Azure OpenAI resource (Cognitive Services OpenAI User).", target),
            403 => new BlobBatchException("ServiceAccessDenied", ErrorKind.PermissionDenied, detail, target),
            404 => new BlobBatchException("BatchNotFound", ErrorKind.NotFound, detail, target),
            409 => new BlobBatchException("BatchConflict", ErrorKind.InvalidOperation, detail, target),
            429 => new BlobBatchException("ServiceThrottled", ErrorKind.QuotaExceeded, $"{detail}. The service kept throttling after retries.", target),
            >= 500 => new BlobBatchException("ServiceError", ErrorKind.ServiceError, detail, target),
            _ => new BlobBatchException("BatchRequestRejected", ErrorKind.InvalidArgument, detail, target),
        };
    }

    public static BlobBatchException Unreachable(Uri endpoint, string action, Exception inner) =>
        new("ServiceUnreachable", ErrorKind.ConnectionError,
            $"{action} failed: the Azure OpenAI endpoint {Redaction.Url(endpoint)} did not answer ({inner.GetType().Name}).", endpoint, inner);

    private static (string Code, string Message) ReadError(PipelineResponse response)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(response.Content.ToMemory());
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement error)
                && error.ValueKind == JsonValueKind.Object)
            {
                return (Shorten(Read(error, "code") ?? "no code"), Shorten(Read(error, "message") ?? "no message"));
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy page, an empty body): fall through to the status alone.
        }

        return ("no code", Shorten(response.ReasonPhrase));
    }

    // The service's words are passed on, but a page of them (or of anything) is not.
    private static string Shorten(string text) => text.Length <= LongestDetail ? text : text.Substring(0, LongestDetail) + "…";

    private static string? Read(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString() : null;
}
