using System;
using System.Text.Json;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Batches;

/// <summary>
/// Reads the batch service's success answers as JSON objects, and names every way one can be broken
/// (not JSON, HTML from a proxy, empty, null, an array, too large, a hostile id) with one id.
/// </summary>
public static class ServiceAnswers
{
    /// <summary>
    /// The largest answer read: a batch is a few KB and a page of 100 a few hundred; far more means
    /// something other than the service answered, and it is not held in memory.
    /// </summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    // Deep enough for any batch object; the reader's default (64) would call a deeper answer "not JSON".
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    /// <summary>The answer as a JSON document whose root is an object.</summary>
    public static JsonDocument ParseObject(BinaryData content, string action)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.ToMemory(), Options);
        }
        catch (JsonException ex)
        {
            throw Invalid(action, content.ToMemory().Length == 0 ? "the answer was empty" : $"the answer is not JSON ({MessageText.FirstLine(ex.Message)})", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            JsonValueKind kind = document.RootElement.ValueKind;
            document.Dispose();
            throw Invalid(action, $"the answer is JSON {kind.ToString().ToLowerInvariant()}, not an object");
        }

        return document;
    }

    public static BlobBatchException Invalid(string action, string problem, Exception? inner = null) =>
        new("InvalidServiceResponse", ErrorKind.ProtocolError,
            $"{action}: the batch service's answer cannot be used: {problem}. Nothing was done with it. Check that the endpoint is the Azure OpenAI resource itself and that no proxy rewrites its answers.",
            action, inner);

    public static BlobBatchException TooLarge(string action, long? bytes) =>
        Invalid(action, bytes is long size
            ? $"it is {size:N0} bytes, more than the {MaxBytes:N0} bytes a batch answer can need"
            : $"it is more than the {MaxBytes:N0} bytes a batch answer can need");

}
