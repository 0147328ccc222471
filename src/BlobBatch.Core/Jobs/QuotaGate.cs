using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Jobs;

/// <summary>
/// One deployment's enqueued-token quota as this run sees it, and a cap on its running batches. A
/// part has room while the batches this run started there would not push the queue over the limit; a
/// token_limit_exceeded answer (someone else filled the queue) means try again after a backoff. The
/// limit is the one given, else the one the service reports in headers, else the one its refusal
/// states, else what its answers imply; a part larger than that limit can never fit and is refused
/// with PartExceedsQuota (carrying the limit, so the caller can split it). The waiting itself is the
/// scheduler's (<see cref="Workflows.PartScheduler"/>), which may have several gates to choose from.
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
    private readonly List<BlobBatchJob> _active = new();
    private long? _reportedLimit;
    private long? _refusedAloneAt;
    private int _refusedAlone;
    private TimeSpan _backoff;

    public QuotaGate(BatchServiceClient client, QuotaSettings settings)
    {
        _client = client;
        _settings = settings;
        _backoff = FirstBackoff;
    }

    /// <summary>The limit in force: the one given, else the one the service reported or stated, else the size it refused with nothing of ours queued.</summary>
    public long? TokenLimit => _settings.MaxEnqueuedTokens ?? _reportedLimit ?? (_refusedAloneAt is long refused ? refused - 1 : null);

    /// <summary>The batches of this run that still hold quota here, as last seen.</summary>
    public IReadOnlyList<BlobBatchJob> Active => _active;

    /// <summary>The input tokens this run's unfinished batches hold here.</summary>
    public long Enqueued => _active.Sum(j => j.EstimatedTokens);

    /// <summary>What is left of the limit; null while the limit is unknown.</summary>
    public long? FreeTokens => TokenLimit is long limit ? limit - Enqueued : null;

    /// <summary>After a quota refusal, the gate takes nothing before this time (a backoff that grows while refusals repeat).</summary>
    public DateTime NotBefore { get; private set; } = DateTime.MinValue;

    /// <summary>False when the part is larger than the whole known limit: waiting would never end.</summary>
    public bool Fits(long tokens) => TokenLimit is not long limit || tokens <= limit;

    /// <summary>Would a part of this size start now: under the batch cap, under the token limit, no backoff running.</summary>
    public bool CanTake(long tokens) => Fits(tokens) && HasRoom(tokens) && DateTime.UtcNow >= NotBefore;

    /// <summary>Why a part of this size waits here, in words.</summary>
    public string WhyWaiting(long tokens) =>
        DateTime.UtcNow < NotBefore ? "the deployment's token queue is full; trying again shortly"
        : $"waits for room: {_active.Count} batch(es) of this run hold {Enqueued:N0} of {(TokenLimit is long l ? l.ToString("N0", CultureInfo.CurrentCulture) : "an unknown number of")} tokens";

    public void RequireFits(long tokens, string what)
    {
        if (TokenLimit is long limit && tokens > limit)
        {
            throw PartTooLarge(what, tokens, limit);
        }
    }

    /// <summary>
    /// Sends one create; null when the service refused it for a full queue (the limit learnt, a backoff
    /// set): the part may go here again later or elsewhere. PartExceedsQuota when it can never fit.
    /// </summary>
    public async Task<BatchCreated?> TryCreateAsync(Func<Task<BatchCreated>> create, long tokens, string what, Action<string> log)
    {
        RequireFits(tokens, what);
        try
        {
            BatchCreated created = await create().ConfigureAwait(false);
            _reportedLimit = created.MaximumEnqueuedTokens ?? _reportedLimit;
            _refusedAlone = 0;
            _backoff = FirstBackoff;
            NotBefore = DateTime.MinValue;
            return created;
        }
        catch (BlobBatchException ex) when (ex.ErrorId == "TokenLimitExceeded")
        {
            _reportedLimit = ex.Data[BatchServiceClient.MaximumEnqueuedTokensHeader] as long? ?? Stated(ex.Message) ?? _reportedLimit;
            bool alone = _active.Count == 0 || ex.Data[BatchServiceClient.EnqueuedTokensHeader] is 0L;
            _refusedAlone = alone ? _refusedAlone + 1 : 0;
            RequireFits(tokens, what);
            if (_refusedAlone >= RefusalsAloneBeforeTooBig || ex.Data[BatchServiceClient.EnqueuedTokensHeader] is 0L)
            {
                // Nothing is queued, yet the part does not fit: waiting would never end.
                _refusedAloneAt = Math.Min(_refusedAloneAt ?? long.MaxValue, tokens);
                _refusedAlone = 0;
                throw PartTooLarge(what, tokens, TokenLimit);
            }

            log($"{what}: the deployment's token queue is full; trying again in {_backoff.TotalSeconds:N0} s.");
            NotBefore = DateTime.UtcNow + _backoff;
            _backoff = TimeSpan.FromSeconds(Math.Min(_backoff.TotalSeconds * 2, Math.Max(_settings.PollInterval.TotalSeconds, 5)));
            return null;
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

    /// <summary>Reads this run's unfinished batches here afresh; finished ones no longer hold quota. Returns how many finished.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        int finished = 0;
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            BatchState state = await _client.GetAsync(_active[i].Id, cancellationToken).ConfigureAwait(false);
            if (state.IsTerminal)
            {
                _active.RemoveAt(i);
                finished++;
            }
            else
            {
                _active[i] = _active[i].WithState(state);
            }
        }

        return finished;
    }

    private TimeSpan FirstBackoff => TimeSpan.FromSeconds(Math.Min(5, _settings.PollInterval.TotalSeconds));

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
        bool underTokens = TokenLimit is not long limit || Enqueued + tokens <= limit;
        return underCount && underTokens;
    }
}
