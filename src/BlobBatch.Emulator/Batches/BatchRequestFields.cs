using System.Text.Json.Nodes;
using BlobBatch.Emulator.Http;
using BlobBatch.Emulator.Input;

namespace BlobBatch.Emulator.Batches;

/// <summary>The fields of a create-batch body and the create-time rules they must meet (spec §2.1–2.3).</summary>
public sealed class BatchRequestFields
{
    private const int MaxMetadataEntries = 16;
    private const int MaxMetadataKeyLength = 64;
    private const int MaxMetadataValueLength = 512;

    private JsonObject _body = [];

    public string? Endpoint { get; private set; }

    public string? CompletionWindow { get; private set; }

    public string? InputFileId { get; private set; }

    public string? InputBlob { get; private set; }

    public string? OutputFolderUrl { get; private set; }

    public string? OutputDelimiter { get; private set; }

    public Dictionary<string, string>? Metadata { get; private set; }

    public static BatchRequestFields Read(JsonObject body) => new()
    {
        _body = body,
        Endpoint = Text(body["endpoint"]),
        CompletionWindow = Text(body["completion_window"]),
        InputFileId = Text(body["input_file_id"]) is { Length: > 0 } id ? id : null,
        InputBlob = Text(body["input_blob"]),
        OutputFolderUrl = Text(body["output_folder"]?["url"]),
        OutputDelimiter = Text(body["output_folder"]?["delimiter"]),
    };

    /// <summary>The 400 answer for the first broken rule, or null when the body may create a batch.</summary>
    public IResult? Problem(ApiSurface surface)
    {
        bool hasBlobFields = _body["input_blob"] is not null || _body["output_folder"] is not null;
        if (hasBlobFields && !surface.AllowsBlobFields)
        {
            return ServiceError.InvalidPayload(
                $"input_blob and output_folder are not supported by api-version '{surface.ApiVersion}'; use 2025-04-01-preview or later, or the /openai/v1/ path.",
                _body["input_blob"] is not null ? "input_blob" : "output_folder");
        }

        if (Endpoint is null || !EndpointPaths.IsSupported(Endpoint))
        {
            return ServiceError.InvalidPayload($"'endpoint' is required and must be one of: {EndpointPaths.SupportedList}.", "endpoint");
        }

        if (CompletionWindow != "24h")
        {
            return ServiceError.InvalidPayload("'completion_window' is required and must be one of: 24h.", "completion_window");
        }

        if ((InputFileId is null) == (InputBlob is null))
        {
            return ServiceError.InvalidPayload("Give exactly one input: 'input_file_id' (file mode) or 'input_blob' (blob storage mode).", "input_file_id");
        }

        if (_body["input_blob"] is not null && !IsAbsoluteUrl(InputBlob))
        {
            return ServiceError.InvalidPayload("'input_blob' must be the absolute URL of a blob.", "input_blob");
        }

        if (InputBlob is not null && !IsAbsoluteUrl(OutputFolderUrl))
        {
            return ServiceError.InvalidPayload("'output_folder.url' is required with 'input_blob' and must be an absolute URL.", "output_folder");
        }

        if (InputFileId is not null && _body["output_folder"] is not null)
        {
            return ServiceError.InvalidPayload("'output_folder' is only allowed with 'input_blob'.", "output_folder");
        }

        return MetadataProblem();
    }

    private IResult? MetadataProblem()
    {
        JsonNode? metadata = _body["metadata"];
        if (metadata is null)
        {
            return null;
        }

        if (InputBlob is not null)
        {
            return ServiceError.InvalidPayload("'metadata' is currently not supported with blob storage (input_blob).", "metadata");
        }

        if (metadata is not JsonObject entries || entries.Count > MaxMetadataEntries)
        {
            return ServiceError.InvalidPayload($"'metadata' must be an object with at most {MaxMetadataEntries} entries.", "metadata");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, JsonNode? value) in entries)
        {
            string? text = Text(value);
            if (text is null || key.Length > MaxMetadataKeyLength || text.Length > MaxMetadataValueLength)
            {
                return ServiceError.InvalidPayload(
                    $"metadata.{key}: keys must be at most {MaxMetadataKeyLength} characters and values strings of at most {MaxMetadataValueLength}.",
                    "metadata." + key);
            }

            values[key] = text;
        }

        Metadata = values;
        return null;
    }

    private static bool IsAbsoluteUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
