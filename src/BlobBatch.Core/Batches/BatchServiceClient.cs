using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.AI.OpenAI;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Batches;

/// <summary>
/// Create, get, list and cancel over Azure.AI.OpenAI's pipeline (its authentication, retries and
/// api-version), with requests and answers of our own: the SDK's batch methods parse answers
/// themselves and would throw bare exceptions at a broken one, so every answer is read here
/// (<see cref="ServiceAnswers"/>). Returns our types, never the SDK's.
/// </summary>
public sealed class BatchServiceClient
{
    public const string EnqueuedTokensHeader = "deployment-enqueued-tokens";
    public const string MaximumEnqueuedTokensHeader = "deployment-maximum-enqueued-tokens";

    /// <summary>Set on a create failure after which the batch may exist (a 5xx, a 408, a lost or late answer).</summary>
    public const string OutcomeUnknown = "blobbatch.create-outcome-unknown";

    private const string CreateAction = "Creating the batch";
    private const string ListAction = "Listing batches";

    private readonly ClientPipeline _pipeline;
    private readonly Uri _endpoint;

    private BatchServiceClient(ClientPipeline pipeline, Uri endpoint)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
    }

    /// <summary>The context's one batch client (made on first use, shared by every caller).</summary>
    public static BatchServiceClient For(BlobBatchContext context) => context.Clients.Batch;

    internal static BatchServiceClient Create(BlobBatchContext context, Azure.Core.TokenCredential? credential)
    {
        var options = new AzureOpenAIClientOptions(AzureOpenAIClientOptions.ServiceVersion.V2025_04_01_Preview)
        {
            RetryPolicy = new ServiceRetryPolicy(),
            NetworkTimeout = context.NetworkTimeout,
            Audience = new AzureOpenAIAudience(context.Cloud.OpenAIScope),
        };
        options.AddPolicy(new ApiRoutePolicy(context.ApiVersion), PipelinePosition.PerCall);
        options.AddPolicy(new BoundedResponsePolicy(ServiceAnswers.MaxBytes), PipelinePosition.PerCall);

        AzureOpenAIClient client = context.OpenAIAuth == OpenAIAuthMethod.ApiKey
            ? new AzureOpenAIClient(context.Endpoint, new ApiKeyCredential(ContextSecrets.Reveal(context.Secrets.ApiKey!)), options)
            : new AzureOpenAIClient(context.Endpoint, credential!, options);
        return new BatchServiceClient(client.GetBatchClient().Pipeline, context.Endpoint);
    }

    public async Task<BatchCreated> CreateAsync(BinaryData body, CancellationToken cancellationToken)
    {
        PipelineResponse response;
        try
        {
            response = await SendAsync("POST", "batches", body, CreateAction, _endpoint, cancellationToken, QueueHeaders).ConfigureAwait(false);
        }
        catch (BlobBatchException ex) when (ex.ErrorId == "ServiceUnreachable")
        {
            // The request may have gone out and been carried out; only the answer is missing.
            ex.Data[OutcomeUnknown] = true;
            throw;
        }

        return new BatchCreated(
            BatchStateParser.ParseAnswer(response.Content, CreateAction),
            Header(response, EnqueuedTokensHeader),
            Header(response, MaximumEnqueuedTokensHeader));
    }

    public async Task<BatchState> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        string action = $"Getting batch {BatchIds.RequireGiven(batchId)}";
        PipelineResponse response = await SendAsync("GET", $"batches/{batchId}", null, action, batchId, cancellationToken).ConfigureAwait(false);
        return RequireSameBatch(BatchStateParser.ParseAnswer(response.Content, action), batchId, action);
    }

    public async Task<BatchPage> ListAsync(string? after, int? limit, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (after is not null)
        {
            query.Add("after=" + Uri.EscapeDataString(BatchIds.RequireGiven(after)));
        }

        if (limit is int count)
        {
            query.Add("limit=" + count.ToString(CultureInfo.InvariantCulture));
        }

        string path = query.Count == 0 ? "batches" : "batches?" + string.Join("&", query);
        PipelineResponse response = await SendAsync("GET", path, null, ListAction, _endpoint, cancellationToken).ConfigureAwait(false);
        return ReadPage(response.Content);
    }

    public async Task<BatchState> CancelAsync(string batchId, CancellationToken cancellationToken)
    {
        string action = $"Cancelling batch {BatchIds.RequireGiven(batchId)}";
        PipelineResponse response = await SendAsync("POST", $"batches/{batchId}/cancel", null, action, batchId, cancellationToken).ConfigureAwait(false);
        return RequireSameBatch(BatchStateParser.ParseAnswer(response.Content, action), batchId, action);
    }

    private static BatchPage ReadPage(BinaryData content)
    {
        using JsonDocument document = ServiceAnswers.ParseObject(content, ListAction);
        JsonElement root = document.RootElement;
        if (!root.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Array)
        {
            throw ServiceAnswers.Invalid(ListAction, "it has no 'data' list");
        }

        var batches = new List<BatchState>();
        foreach (JsonElement item in data.EnumerateArray())
        {
            batches.Add(BatchStateParser.ParseAnswer(item, ListAction));
        }

        bool hasMore = root.TryGetProperty("has_more", out JsonElement more) && more.ValueKind == JsonValueKind.True;
        string? lastId = root.TryGetProperty("last_id", out JsonElement last) && last.ValueKind == JsonValueKind.String ? last.GetString() : null;

        // The next page is asked for after this id, so it must be one.
        lastId ??= batches.Count > 0 ? batches[batches.Count - 1].Id : null;
        if (hasMore && lastId is not null)
        {
            BatchIds.RequireAnswered(lastId, ListAction);
        }

        return new BatchPage(batches, hasMore, lastId);
    }

    // An answer about another batch than the one asked for would be taken for it.
    private static BatchState RequireSameBatch(BatchState state, string batchId, string action) =>
        string.Equals(state.Id, batchId, StringComparison.Ordinal)
            ? state
            : throw ServiceAnswers.Invalid(action, $"it describes batch {state.Id}, not {batchId}");

    // A refusal for quota still says how full the queue is: the caller needs both to decide. A 5xx or
    // 408 may hide a batch the service created all the same.
    private static void QueueHeaders(BlobBatchException error, PipelineResponse response)
    {
        error.Data[EnqueuedTokensHeader] = Header(response, EnqueuedTokensHeader);
        error.Data[MaximumEnqueuedTokensHeader] = Header(response, MaximumEnqueuedTokensHeader);
        error.Data[OutcomeUnknown] = response.Status >= 500 || response.Status == 408;
    }

    /// <summary>Sends /openai/{path} (ApiRoutePolicy makes it the context's surface); a failed answer becomes our error.</summary>
    private async Task<PipelineResponse> SendAsync(
        string method, string path, BinaryData? body, string action, object target, CancellationToken cancellationToken,
        Action<BlobBatchException, PipelineResponse>? annotate = null)
    {
        using PipelineMessage message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri = new Uri($"{_endpoint.AbsoluteUri.TrimEnd('/')}/openai/{path}");
        message.Request.Headers.Set("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Set("Content-Type", "application/json");
            message.Request.Content = BinaryContent.Create(body);
        }

        message.Apply(new RequestOptions { CancellationToken = cancellationToken, ErrorOptions = ClientErrorBehaviors.NoThrow });
        try
        {
            await _pipeline.SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            throw OpenAIErrors.Unreachable(_endpoint, action, ex);
        }

        PipelineResponse response = message.ExtractResponse() ?? throw ServiceAnswers.Invalid(action, "there was no answer");
        if (response.IsError)
        {
            BlobBatchException error = OpenAIErrors.FromResponse(response, action, target);
            annotate?.Invoke(error, response);
            throw error;
        }

        return response;
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or ClientResultException or AggregateException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static long? Header(PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out string? value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number)
            ? number
            : null;
}
