using System;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Runs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Creates the batch of one part at most once. Create is not idempotent: when its answer is lost (a 5xx,
/// a dropped connection, a timeout after the request went out) the batch may exist all the same, so
/// before creating again this looks for a batch that reads the part's blob (every part has a
/// never-reused name, so the blob identifies its batch) and adopts it. Each call is recorded in the
/// manifest before it is sent.
/// </summary>
internal sealed class SingleBatchCreate
{
    public const int MaxCalls = 4;

    // How far back the list is read: batches are listed newest first, and the lost one is at most this old.
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(30);
    private const int MaxListPages = 10;

    private readonly BatchServiceClient _client;
    private readonly WorkflowHooks _hooks;

    public SingleBatchCreate(BatchServiceClient client, WorkflowHooks hooks)
    {
        _client = client;
        _hooks = hooks;
    }

    public async Task<BatchCreated> CreateAsync(BinaryData body, Uri inputBlob, RunPart part, Func<Task> save, CancellationToken cancellationToken)
    {
        for (int call = 1; ; call++)
        {
            var attempt = new CreateAttempt();
            part.CreateAttempts.Add(attempt);
            await save().ConfigureAwait(false);
            try
            {
                BatchCreated created = await _client.CreateAsync(body, cancellationToken).ConfigureAwait(false);
                attempt.Outcome = "created";
                return created;
            }
            catch (BlobBatchException ex) when (ex.Data[BatchServiceClient.OutcomeUnknown] is true)
            {
                attempt.Outcome = "unknown: " + ex.ErrorId;
                _hooks.Log($"The answer to creating the batch for {inputBlob} was lost ({ex.ErrorId}); looking for the batch before creating it again.");
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(8, 1 << (call - 1))), cancellationToken).ConfigureAwait(false);
                if (await FindAsync(inputBlob, cancellationToken).ConfigureAwait(false) is BatchState existing)
                {
                    attempt.Outcome += "; adopted " + existing.Id;
                    _hooks.Log($"Batch {existing.Id} already reads {inputBlob}; adopting it instead of creating a second.");
                    return new BatchCreated(existing, null, null);
                }

                if (call >= MaxCalls)
                {
                    throw;
                }
            }
            catch (BlobBatchException ex)
            {
                attempt.Outcome = "refused: " + ex.ErrorId;
                throw;
            }
        }
    }

    /// <summary>The newest batch that reads <paramref name="inputBlob"/>, among those created recently; null when there is none.</summary>
    public async Task<BatchState?> FindAsync(Uri inputBlob, CancellationToken cancellationToken)
    {
        DateTime since = DateTime.UtcNow - Lookback;
        string? after = null;
        for (int page = 0; page < MaxListPages; page++)
        {
            BatchPage batches = await _client.ListAsync(after, 100, cancellationToken).ConfigureAwait(false);
            foreach (BatchState state in batches.Batches)
            {
                if (state.InputBlob is string blob && Uri.TryCreate(blob, UriKind.Absolute, out Uri? read) && Uri.Compare(read, inputBlob, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.Ordinal) == 0)
                {
                    return state;
                }

                if (state.CreatedAt is DateTime created && created < since)
                {
                    return null;
                }
            }

            if (!batches.HasMore || batches.LastId is null)
            {
                return null;
            }

            after = batches.LastId;
        }

        return null;
    }
}
