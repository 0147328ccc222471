using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Files;
using BlobBatch.Emulator.Http;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Quota;

namespace BlobBatch.Emulator.Batches;

/// <summary>
/// POST /batches: the create-time checks (spec §2.2), the enqueued-token quota (fail fast), then a new batch in
/// "validating" handed to the processor. Content problems are not checked here; they fail the batch later.
/// </summary>
public sealed class BatchCreator(
    BatchStore store,
    FileStore files,
    InputSource inputs,
    TokenCounter tokens,
    QuotaLedger quota,
    BatchProcessor processor,
    EmulatorOptions options)
{
    private const int SecondsPerDay = 86_400;
    private const int RememberedEstimates = 256;

    // A client retrying a create refused for quota sends the same blob again and again: counting a
    // large input's tokens each time would make the emulator the bottleneck. Keyed by blob and ETag.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Deployment, long Tokens)> _estimates = new();

    public async Task<IResult> CreateAsync(HttpContext context)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return ServiceError.InvalidPayload("The request body must be a JSON object.");
        }

        ApiSurface surface = ApiSurface.Of(context);
        BatchRequestFields fields = BatchRequestFields.Read(body);
        IResult? rejection = fields.Problem(surface);
        if (rejection is not null)
        {
            return rejection;
        }

        if (fields.InputFileId is not null)
        {
            FileRecord? file = files.Get(fields.InputFileId);
            if (file is null)
            {
                return ServiceError.NotFound($"File '{fields.InputFileId}' not found.");
            }

            if (file.Purpose != FilePurposes.Batch)
            {
                return ServiceError.InvalidPayload($"File '{file.Id}' has purpose '{file.Purpose}'; a batch input needs purpose 'batch'.", "input_file_id");
            }
        }

        BatchRecord batch = NewRecord(fields);

        // Counting tokens needs the input now; a blob that cannot be read is reported later, by validation.
        string? knownETag = batch.InputBlob is null ? null : await inputs.CurrentETagAsync(batch, context.RequestAborted);
        string? estimateKey = knownETag is null ? null : $"{batch.InputBlob}|{knownETag}|{batch.Endpoint}";
        if (estimateKey is not null && _estimates.TryGetValue(estimateKey, out var known))
        {
            batch.InputETag = knownETag;
            (batch.Deployment, batch.EstimatedTokens) = known;
        }
        else
        {
            InputRead read = await inputs.ReadAsync(batch, null, context.RequestAborted);
            batch.InputETag = read.ETag;
            if (read.Content is not null)
            {
                InputReport report = InputInspector.Inspect(read.Content, batch.Endpoint, options.Deployments, options.MaxRequestsPerBatch);
                batch.Deployment = report.Deployment;
                batch.EstimatedTokens = report.Requests.Sum(r => (long)tokens.CountPrompt(r.Body));
                if (read.ETag is not null && batch.InputBlob is not null)
                {
                    if (_estimates.Count >= RememberedEstimates)
                    {
                        _estimates.Clear();
                    }

                    _estimates[$"{batch.InputBlob}|{read.ETag}|{batch.Endpoint}"] = (batch.Deployment, batch.EstimatedTokens);
                }
            }
        }

        QuotaDecision decision = quota.Admit(batch.Deployment, batch.EstimatedTokens, () => store.Add(batch));
        if (!decision.Admitted && !options.QuotaFailFast)
        {
            // The older service accepted such a batch and failed it in validation; it holds no quota meanwhile.
            batch.QuotaRefused = true;
            batch.EstimatedTokens = 0;
            store.Add(batch);
            processor.Launch(batch);
            return JsonText.Result(writer => BatchJson.Write(writer, batch, surface.AllowsBlobFields));
        }

        if (decision.MaxEnqueuedTokens is long limit && options.QuotaHeaders)
        {
            context.Response.Headers["deployment-enqueued-tokens"] = decision.EnqueuedTokens.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["deployment-maximum-enqueued-tokens"] = limit.ToString(CultureInfo.InvariantCulture);
        }

        if (!decision.Admitted)
        {
            return ServiceError.Result(400, "token_limit_exceeded", options.QuotaNumbersInMessage
                ? $"Enqueued token limit reached for deployment '{batch.Deployment}': {decision.EnqueuedTokens} tokens are enqueued, this batch needs {batch.EstimatedTokens}, the limit is {decision.MaxEnqueuedTokens} (token_limit_exceeded). Retry when earlier batches have finished."
                : $"Enqueued token limit reached for deployment '{batch.Deployment}' (token_limit_exceeded). Retry when earlier batches have finished.");
        }

        processor.Launch(batch);
        return JsonText.Result(writer => BatchJson.Write(writer, batch, surface.AllowsBlobFields));
    }

    private BatchRecord NewRecord(BatchRequestFields fields)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        long createdAt = now.ToUnixTimeSeconds();
        bool blob = fields.InputBlob is not null;
        return new BatchRecord
        {
            Id = "batch_" + Guid.NewGuid().ToString(),
            Endpoint = EndpointPaths.Normalise(fields.Endpoint!),
            CompletionWindow = fields.CompletionWindow!,
            Status = BatchStatus.Validating,
            CreatedAt = createdAt,
            ExpiresAt = createdAt + (options.ExpirySeconds is double expiry ? (long)Math.Ceiling(expiry) : SecondsPerDay),
            ExpiryDeadlineMilliseconds = options.ExpirySeconds is double seconds ? now.ToUnixTimeMilliseconds() + (long)(seconds * 1000) : null,
            InputFileId = fields.InputFileId,
            InputBlob = fields.InputBlob,
            OutputFolderUrl = fields.OutputFolderUrl,
            OutputDelimiter = fields.OutputDelimiter ?? "/",
            OutputBlob = blob ? string.Empty : null,
            ErrorBlob = blob ? string.Empty : null,
            OutputGuid = Guid.NewGuid().ToString(),
            Metadata = fields.Metadata,
        };
    }
}
