using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlobBatch.Emulator.Batches;
using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Input;

/// <summary>
/// Validates a JSONL input the way the service does (spec §5.2): one pass notes the first offending line of every
/// check, then the earliest check in the documented order decides the error.
/// </summary>
public static class InputInspector
{
    public const string BomMessage =
        "Validation failed: A valid model deployment name couldn't be extracted from the input file. Please ensure that each row in the input file has a valid deployment name specified in the 'model' field, and that the deployment name is consistent across all rows.";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    // Deep lines are valid JSON (the reader's default of 64 would call them broken); a repeated name
    // ("custom_id" twice) leaves the line meaning two things, which the service cannot take either.
    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = 256, AllowDuplicateProperties = false };

    public static InputReport Inspect(ReadOnlySpan<byte> content, string batchEndpoint, IReadOnlyList<DeploymentOptions> deployments, int maxRequests)
    {
        bool hasBom = content.StartsWith(Bom);
        string text = Encoding.UTF8.GetString(hasBom ? content[Bom.Length..] : content);
        var requests = new List<InputRequest>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new InputReport(requests, new BatchError("empty_file",
                "The input file is empty. Please ensure that the batch contains at least one request."));
        }

        if (hasBom)
        {
            // The service reports a BOM as a missing deployment name; keep its misleading words.
            return new InputReport(requests, new BatchError("invalid_request", BomMessage, null, 1));
        }

        var offences = new Offences();
        var customIds = new HashSet<string>(StringComparer.Ordinal);
        string endpoint = EndpointPaths.Normalise(batchEndpoint);
        string? firstModel = null;
        string? firstUrl = null;
        int lineCount = 0;
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                // Blank lines (a trailing newline above all) are not requests.
                continue;
            }

            lineCount++;
            if (lineCount == maxRequests + 1)
            {
                offences.Note("too_many_tasks", lineNumber, $"The input has more than {maxRequests} requests.");
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line, documentOptions: LineOptions);
                UnicodeText.Require(node);
            }
            catch (JsonException ex)
            {
                offences.Note("invalid_json_line", lineNumber, $"Line {lineNumber} is not valid JSON: {ex.Message}");
                continue;
            }
            catch (InvalidOperationException)
            {
                offences.Note("invalid_json_line", lineNumber, $"Line {lineNumber} holds a string that is not Unicode text (a lone surrogate escape such as \\ud800).");
                continue;
            }

            InputRequest? request = ReadRequest(node, lineNumber, offences);
            if (request is null)
            {
                continue;
            }

            requests.Add(request);
            if (!customIds.Add(request.CustomId))
            {
                offences.Note("duplicate_custom_id", lineNumber, $"The custom_id '{request.CustomId}' appears more than once.");
            }

            string url = EndpointPaths.Normalise(request.Url);
            firstUrl ??= url;
            if (url != firstUrl || !EndpointPaths.Serves(endpoint, url))
            {
                offences.Note("url_mismatch", lineNumber,
                    $"The url '{request.Url}' does not match the batch endpoint '{batchEndpoint}'; every line must use the same url as the batch.");
            }

            firstModel ??= request.Model;
            if (request.Model != firstModel)
            {
                offences.Note("model_mismatch", lineNumber,
                    $"The model '{request.Model}' differs from '{firstModel}' on earlier lines; a batch uses one deployment.");
            }
        }

        if (lineCount == 0)
        {
            return new InputReport(requests, new BatchError("empty_file",
                "The input file is empty. Please ensure that the batch contains at least one request."));
        }

        BatchError? error = offences.First("invalid_json_line", "invalid_request", "too_many_tasks", "duplicate_custom_id", "url_mismatch", "model_mismatch")
                            ?? CheckDeployment(requests, deployments);
        return new InputReport(requests, error);
    }

    private static InputRequest? ReadRequest(JsonNode? node, int line, Offences offences)
    {
        if (node is not JsonObject item)
        {
            offences.Note("invalid_request", line, "Each line must be a JSON object with custom_id, method, url and body.");
            return null;
        }

        string? problem = SchemaProblem(item);
        if (problem is not null)
        {
            offences.Note("invalid_request", line, problem);
            return null;
        }

        var bodyObject = (JsonObject)item["body"]!;
        return new InputRequest(line, item["custom_id"]!.GetValue<string>(), item["url"]!.GetValue<string>(),
            bodyObject["model"]!.GetValue<string>(), bodyObject);
    }

    private static string? SchemaProblem(JsonObject item)
    {
        if (!IsNonEmptyString(item["custom_id"]))
        {
            return "The field 'custom_id' is missing, empty or not a string.";
        }

        if (!IsNonEmptyString(item["method"]))
        {
            return "The field 'method' is missing or not a string.";
        }

        string method = item["method"]!.GetValue<string>();
        if (method != "POST")
        {
            return $"The method '{method}' is not supported; only POST is.";
        }

        if (!IsNonEmptyString(item["url"]))
        {
            return "The field 'url' is missing or not a string.";
        }

        if (item["body"] is not JsonObject body)
        {
            return "The field 'body' is missing or not an object.";
        }

        return IsNonEmptyString(body["model"]) ? null : "The field 'body.model' is missing or not a string.";
    }

    private static bool IsNonEmptyString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0;

    private static BatchError? CheckDeployment(IReadOnlyList<InputRequest> requests, IReadOnlyList<DeploymentOptions> deployments)
    {
        InputRequest first = requests[0];
        DeploymentOptions? deployment = deployments.FirstOrDefault(d => d.Name == first.Model);
        if (deployment is null)
        {
            return new BatchError("model_not_found",
                $"The deployment '{first.Model}' does not exist. The 'model' field must name a Global-Batch or Data Zone Batch deployment.",
                "body.model", first.Line);
        }

        if (deployment.Sku == DeploymentSku.Standard)
        {
            return new BatchError("invalid_request",
                $"The deployment '{first.Model}' has SKU {deployment.Sku}; batch jobs need a GlobalBatch or DataZoneBatch deployment.",
                "body.model", first.Line);
        }

        return null;
    }

    /// <summary>The first line and message of each kind of offence.</summary>
    private sealed class Offences
    {
        private readonly Dictionary<string, BatchError> _first = new(StringComparer.Ordinal);

        public void Note(string code, int line, string message) => _first.TryAdd(code, new BatchError(code, message, null, line));

        public BatchError? First(params string[] codesInOrder) =>
            codesInOrder.Select(code => _first.GetValueOrDefault(code)).FirstOrDefault(error => error is not null);
    }
}
