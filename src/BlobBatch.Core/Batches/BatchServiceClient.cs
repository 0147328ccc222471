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
using OpenAI.Batch;

namespace BlobBatch.Core.Batches;

/// <summary>
/// Create, get, list and cancel through Azure.AI.OpenAI's batch client (protocol methods, our own
/// JSON), with its authentication and retry pipeline. Returns our types, never the SDK's.
/// </summary>
public sealed class BatchServiceClient
{
    public const string EnqueuedTokensHeader = "deployment-enqueued-tokens";
    public const string MaximumEnqueuedTokensHeader = "deployment-maximum-enqueued-tokens";

    /// <summary>Set on a create failure after which the batch may exist (a 5xx, a 408, a lost or late answer).</summary>
    public const string OutcomeUnknown = "blobbatch.create-outcome-unknown";

    private readonly BatchClient _client;
    private readonly Uri _endpoint;

    private BatchServiceClient(BatchClient client, Uri endpoint)
    {
        _client = client;
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

        AzureOpenAIClient client = context.OpenAIAuth == OpenAIAuthMethod.ApiKey
            ? new AzureOpenAIClient(context.Endpoint, new ApiKeyCredential(ContextSecrets.Reveal(context.Secrets.ApiKey!)), options)
            : new AzureOpenAIClient(context.Endpoint, credential!, options);
        return new BatchServiceClient(client.GetBatchClient(), context.Endpoint);
    }

    public async Task<BatchCreated> CreateAsync(BinaryData body, CancellationToken cancellationToken)
    {
        PipelineResponse response;
        try
        {
            CreateBatchOperation operation = await _client.CreateBatchAsync(
                BinaryContent.Create(body), waitUntilCompleted: false, new RequestOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
            response = operation.GetRawResponse();
        }
        catch (ClientResultException ex) when (ex.GetRawResponse() is PipelineResponse failed)
        {
            BlobBatchException error = OpenAIErrors.FromResponse(failed, "Creating the batch", _endpoint);

            // A refusal for quota still says how full the queue is: the caller needs both to decide.
            error.Data[EnqueuedTokensHeader] = Header(failed, EnqueuedTokensHeader);
            error.Data[MaximumEnqueuedTokensHeader] = Header(failed, MaximumEnqueuedTokensHeader);
            error.Data[OutcomeUnknown] = failed.Status >= 500 || failed.Status == 408;
            throw error;
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            BlobBatchException error = OpenAIErrors.Unreachable(_endpoint, "Creating the batch", ex);
            error.Data[OutcomeUnknown] = true;
            throw error;
        }

        return new BatchCreated(
            BatchStateParser.Parse(response.Content),
            Header(response, EnqueuedTokensHeader),
            Header(response, MaximumEnqueuedTokensHeader));
    }

    public async Task<BatchState> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        PipelineResponse response = await SendAsync(
            () => _client.GetBatchAsync(batchId, NoThrow(cancellationToken)), $"Getting batch {batchId}", batchId, cancellationToken).ConfigureAwait(false);
        return BatchStateParser.Parse(response.Content);
    }

    public async Task<BatchPage> ListAsync(string? after, int? limit, CancellationToken cancellationToken)
    {
        PipelineResponse response = await SendAsync(
            async () =>
            {
                await foreach (ClientResult page in _client.GetBatchesAsync(after, limit, NoThrow(cancellationToken)).GetRawPagesAsync().ConfigureAwait(false))
                {
                    return page;
                }

                throw new InvalidOperationException("The batch list returned no page.");
            },
            "Listing batches", _endpoint, cancellationToken).ConfigureAwait(false);

        using JsonDocument document = JsonDocument.Parse(response.Content.ToMemory());
        JsonElement root = document.RootElement;
        var batches = new List<BatchState>();
        if (root.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in data.EnumerateArray())
            {
                batches.Add(BatchStateParser.Parse(item));
            }
        }

        bool hasMore = root.TryGetProperty("has_more", out JsonElement more) && more.ValueKind == JsonValueKind.True;
        string? lastId = root.TryGetProperty("last_id", out JsonElement last) && last.ValueKind == JsonValueKind.String ? last.GetString() : null;
        return new BatchPage(batches, hasMore, lastId ?? (batches.Count > 0 ? batches[batches.Count - 1].Id : null));
    }

    /// <summary>The client has no cancel of its own (only on an operation it created), so this sends one through its pipeline.</summary>
    public async Task<BatchState> CancelAsync(string batchId, CancellationToken cancellationToken)
    {
        PipelineResponse response = await SendAsync(
            async () =>
            {
                using PipelineMessage message = _client.Pipeline.CreateMessage();
                message.Request.Method = "POST";
                message.Request.Uri = new Uri($"{_endpoint.AbsoluteUri.TrimEnd('/')}/openai/batches/{Uri.EscapeDataString(batchId)}/cancel");
                message.Request.Headers.Set("Accept", "application/json");
                message.Apply(NoThrow(cancellationToken));
                await _client.Pipeline.SendAsync(message).ConfigureAwait(false);
                PipelineResponse result = message.ExtractResponse() ?? throw new InvalidOperationException("No response to cancel.");
                return ClientResult.FromResponse(result);
            },
            $"Cancelling batch {batchId}", batchId, cancellationToken).ConfigureAwait(false);
        return BatchStateParser.Parse(response.Content);
    }

    private static RequestOptions NoThrow(CancellationToken cancellationToken) =>
        new() { CancellationToken = cancellationToken, ErrorOptions = ClientErrorBehaviors.NoThrow };

    private async Task<PipelineResponse> SendAsync(Func<Task<ClientResult>> call, string action, object target, CancellationToken cancellationToken)
    {
        PipelineResponse response;
        try
        {
            response = (await call().ConfigureAwait(false)).GetRawResponse();
        }
        catch (ClientResultException ex) when (ex.GetRawResponse() is PipelineResponse failed)
        {
            response = failed;
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            throw OpenAIErrors.Unreachable(_endpoint, action, ex);
        }

        if (response.IsError)
        {
            throw OpenAIErrors.FromResponse(response, action, target);
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
