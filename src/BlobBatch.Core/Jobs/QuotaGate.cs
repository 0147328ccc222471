using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Core.Jobs;

/// <summary>
/// Submits parts in waves under a deployment's enqueued-token quota and a cap on running batches.
/// A part waits while the batches this run started would push the queue over the limit; a
/// token_limit_exceeded answer (someone else filled the queue) means wait and resubmit. The limit is
/// the one given, else the one the service reports in headers, else the one its refusal states, else
/// what its answers imply; a part larger than that limit can never fit and is refused with
/// PartExceedsQuota (carrying the limit, so the caller can split it), and no wait lasts longer than
/// the quota timeout.
/// </summary>
public sealed class QuotaGate
{
    /// <summary>The limit a PartExceedsQuota refusal was judged against, in its Data.</summary>
    public const string LimitKey = "blobbatch.quota-limit";

    // A refusal while none of this run's batches hold tokens says "too big" only if it repeats: another
    // run may have filled the queue for a moment.
    private const int RefusalsAloneBeforeTooBig = 3;

    private static readonly Regex StatedLimit = new(@"\blimit (?:is|of) (\d[\d,]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private readonly BatchServiceClient _client;
    private readonly QuotaSettings _settings;
    private readonly WorkflowHooks _hooks;
    private readonly List<BlobBatchJob> _active = new();
    private long? _reportedLimit;
    private long? _refusedAloneAt;

    public QuotaGate(BatchServiceClient client, QuotaSettings settings, WorkflowHooks hooks)
    {
        _client = client;
        _settings = settings;
        _hooks = hooks;
    }

    /// <summary>The limit in force: the one given, else the one the service reported or stated, else the size it refused with nothing of ours queued.</summary>
    public long? TokenLimit => _settings.MaxEnqueuedTokens ?? _reportedLimit ?? (_refusedAloneAt is long refused ? refused - 1 : null);

    public async Task<BatchCreated> SubmitAsync(Func<Task<BatchCreated>> create, long tokens, string what, CancellationToken cancellationToken)
    {
        Stopwatch waited = Stopwatch.StartNew();
        TimeSpan backoff = TimeSpan.FromSeconds(Math.Min(5, _settings.PollInterval.TotalSeconds));
        int refusedAlone = 0;
        while (true)
        {
            await WaitForRoomAsync(tokens, what, waited, cancellationToken).ConfigureAwait(false);
            try
            {
                BatchCreated created = await create().ConfigureAwait(false);
                _reportedLimit = created.MaximumEnqueuedTokens ?? _reportedLimit;
                Done(what);
                return created;
            }
            catch (BlobBatchException ex) when (ex.ErrorId == "TokenLimitExceeded")
            {
                _reportedLimit = ex.Data[BatchServiceClient.MaximumEnqueuedTokensHeader] as long? ?? Stated(ex.Message) ?? _reportedLimit;
                bool alone = _active.Count == 0 || ex.Data[BatchServiceClient.EnqueuedTokensHeader] is 0L;
                refusedAlone = alone ? refusedAlone + 1 : 0;
                if (TokenLimit is long known && tokens > known)
                {
                    throw PartTooLarge(what, tokens, known);
                }

                if (refusedAlone >= RefusalsAloneBeforeTooBig || ex.Data[BatchServiceClient.EnqueuedTokensHeader] is 0L)
                {
                    // Nothing is queued, yet the part does not fit: waiting would never end.
                    _refusedAloneAt = Math.Min(_refusedAloneAt ?? long.MaxValue, tokens);
                    throw PartTooLarge(what, tokens, TokenLimit);
                }

                await PauseAsync(what, $"the deployment's token queue is full; trying again in {backoff.TotalSeconds:N0} s", backoff, waited, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(Math.Min(backoff.TotalSeconds * 2, Math.Max(_settings.PollInterval.TotalSeconds, 5)));
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Track(BlobBatchJob job)
    {
        if (!job.IsTerminal)
        {
            _active.Add(job);
        }
    }

    /// <summary>A limit stated in the refusal's text ("... the limit is 3000 ..."); null when it states none.</summary>
    internal static long? Stated(string message)
    {
        Match match = StatedLimit.Match(message);
        return match.Success && long.TryParse(match.Groups[1].Value.Replace(",", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out long limit) && limit > 0
            ? limit
            : null;
    }

    private async Task WaitForRoomAsync(long tokens, string what, Stopwatch waited, CancellationToken cancellationToken)
    {
        if (TokenLimit is long limit && tokens > limit)
        {
            throw PartTooLarge(what, tokens, limit);
        }

        while (!HasRoom(tokens))
        {
            await PauseAsync(what, $"waits for room: {_active.Count} batch(es) of this run hold {Enqueued():N0} of {TokenLimit:N0} tokens", _settings.PollInterval, waited, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PauseAsync(string what, string why, TimeSpan pause, Stopwatch waited, CancellationToken cancellationToken)
    {
        if (_settings.Timeout is TimeSpan timeout && waited.Elapsed + pause > timeout)
        {
            throw new BlobBatchException("QuotaWaitTimedOut", ErrorKind.Timeout,
                $"{what} waited {waited.Elapsed.TotalSeconds:N0} s for the deployment's token quota, and -QuotaTimeout is {timeout.TotalSeconds:N0} s ({why}). " +
                "Start the run again later: parts already started are kept and not started twice.", what);
        }

        _hooks.Log($"{what} {why}.");
        _hooks.Progress?.Report(new WorkProgress(ProgressActivities.Starting, "Waiting for token quota", $"{what} {why}"));
        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
    }

    private void Done(string what) =>
        _hooks.Progress?.Report(new WorkProgress(ProgressActivities.Starting, "Waiting for token quota", $"{what} started", 100, completed: true));

    private static BlobBatchException PartTooLarge(string what, long tokens, long? limit)
    {
        var error = new BlobBatchException("PartExceedsQuota", ErrorKind.QuotaExceeded,
            $"{what} needs about {tokens:N0} input tokens, more than the deployment's whole queue{(limit is long l ? $" ({l:N0})" : string.Empty)}. Split it smaller with New-BatchInputFile -MaxTokensPerFile.",
            what);
        error.Data[LimitKey] = limit;
        return error;
    }

    private bool HasRoom(long tokens)
    {
        if (_active.Count == 0)
        {
            return true;
        }

        bool underCount = _settings.MaxConcurrentBatches is not int cap || _active.Count < cap;
        bool underTokens = TokenLimit is not long limit || Enqueued() + tokens <= limit;
        return underCount && underTokens;
    }

    private long Enqueued() => _active.Sum(j => j.EstimatedTokens);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            BatchState state = await _client.GetAsync(_active[i].Id, cancellationToken).ConfigureAwait(false);
            if (state.IsTerminal)
            {
                _active.RemoveAt(i);
            }
        }
    }
}
