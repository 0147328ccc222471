using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Chooses where each part of a run goes. A part goes to the target with the most free quota that
/// can take it, as soon as one can: each target (a resource and deployment) has its own quota gate,
/// learnt as one deployment's, and its own cap on running batches. A target that refuses for a reason
/// other than quota is set aside with a warning. With several targets, each is on probation until
/// its first batch leaves validation (no second part before): a deployment that does not exist or
/// cannot run batches fails there, and that part is handed back to be sent elsewhere.
/// </summary>
internal sealed class PartScheduler
{
    // How often a target's first batch is looked at while it validates: validation takes seconds to minutes.
    private static readonly TimeSpan ProbationPoll = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShortestPause = TimeSpan.FromMilliseconds(100);

    private readonly List<TargetLane> _lanes = new();
    private readonly StartSettings _settings;
    private readonly WorkflowHooks _hooks;
    private readonly List<BlobBatchJob> _released = new();
    private readonly List<Probation> _failed = new();

    public PartScheduler(StartSettings settings, WorkflowHooks hooks)
    {
        _settings = settings;
        _hooks = hooks;
    }

    public IReadOnlyList<TargetLane> Lanes => _lanes;

    /// <summary>The run's storage and manifest live with the first target's context.</summary>
    public BlobBatchContext RunContext => _lanes[0].Context;

    public bool Several => _lanes.Count > 1;

    public bool HasProbations => _lanes.Any(l => l.OnProbation is not null);

    /// <summary>Adds the targets not yet known (a resource and deployment once each); the first one added holds the run.</summary>
    public void Add(IEnumerable<RunTarget> targets, BlobBatchContext fallback)
    {
        var quota = new QuotaSettings
        {
            MaxEnqueuedTokens = _settings.MaxEnqueuedTokens,
            MaxConcurrentBatches = _settings.MaxConcurrentBatches,
            PollInterval = _settings.PollInterval,
            Timeout = _settings.QuotaTimeout,
        };
        foreach (RunTarget target in targets)
        {
            BlobBatchContext context = target.Context ?? fallback;
            if (_lanes.Count > 0)
            {
                RequireRunStorage(context);
            }

            IEnumerable<string?> deployments = target.Deployment.Length == 0
                ? new string?[] { null }
                : target.Deployment.Where(d => !string.IsNullOrWhiteSpace(d)).Distinct(StringComparer.Ordinal).Select(d => (string?)d);
            foreach (string? deployment in deployments)
            {
                if (!_lanes.Any(l => SameResource(l.Context, context) && l.Deployment == deployment))
                {
                    _lanes.Add(new TargetLane(context, deployment, quota));
                }
            }
        }
    }

    /// <summary>The target a manifest part was sent to, when it is among this run's targets.</summary>
    public TargetLane? LaneOf(Runs.RunPart part) => _lanes.FirstOrDefault(l => l.Serves(part, RunContext.Endpoint.AbsoluteUri));

    /// <summary>Waits until a target can take a part of this size, and returns the one with the most free quota.</summary>
    public async Task<TargetLane> AcquireAsync(BatchInputFile file, string what, CancellationToken cancellationToken)
    {
        Stopwatch waited = Stopwatch.StartNew();
        long tokens = file.EstimatedTokens;
        while (true)
        {
            await CheckProbationsAsync(cancellationToken).ConfigureAwait(false);
            await ProbeAsync(cancellationToken).ConfigureAwait(false);
            TargetLane[] live = Live();
            RequireSomeFit(live, tokens, what);
            TargetLane? best = live
                .Where(l => l.OnProbation is null && l.Gate.CanTake(tokens))
                .OrderByDescending(l => l.Gate.FreeTokens ?? long.MaxValue - l.Gate.Enqueued)
                .ThenBy(l => l.Gate.Active.Count)
                .FirstOrDefault();
            if (best is not null)
            {
                ReportTargets(what);
                return best;
            }

            await PauseAsync(what, Why(live, tokens), NextPause(live), waited, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(live, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The deployment a part goes to whichever target takes it, when they all agree: it can be uploaded before a target has room.</summary>
    public string? CommonDeployment(BatchInputFile file)
    {
        string[] deployments = _lanes.Where(l => l.SetAsideWhy is null).Select(l => l.DeploymentFor(file)).Distinct(StringComparer.Ordinal).ToArray();
        return deployments.Length == 1 ? deployments[0] : null;
    }

    /// <summary>Targets on which the run's batches already got past validation (a resumed run, a retry) need no probation.</summary>
    public void ProveFrom(Runs.RunManifest manifest)
    {
        foreach (TargetLane lane in _lanes.Where(l => !l.Proven))
        {
            lane.Proven = manifest.CurrentParts().Any(p => p.BatchId is not null && lane.Serves(p, manifest.Context.Endpoint)
                && p.Status is string status && status != BatchStatus.Validating && status != BatchStatus.Failed);
        }
    }

    /// <summary>True when a batch just started on this target is to be held until it leaves validation.</summary>
    public bool NeedsProbation(TargetLane lane) => Several && !lane.Proven;

    public void StartProbation(TargetLane lane, Probation probation)
    {
        _hooks.Log($"Target {lane.Name} takes no second part until its first batch ({probation.Job.Id}) leaves validation.");
        lane.OnProbation = probation;
    }

    public void SetAside(TargetLane lane, string why)
    {
        lane.SetAsideWhy = why.TrimEnd('.', ' ');
        _hooks.Warn($"Target {lane.Name} is set aside: {lane.SetAsideWhy}. Its parts go to the other targets.");
        if (_lanes.All(l => l.SetAsideWhy is not null))
        {
            throw AllSetAside();
        }
    }

    /// <summary>First batches that proved their target (to be emitted now), and those that failed it (their parts to send elsewhere).</summary>
    public (IReadOnlyList<BlobBatchJob> Released, IReadOnlyList<Probation> Failed) TakeProbationResults()
    {
        var result = (_released.ToArray(), _failed.ToArray());
        _released.Clear();
        _failed.Clear();
        return result;
    }

    /// <summary>One round of waiting for the targets still on probation (Start-BlobBatch does not end before they are judged).</summary>
    public async Task WaitForProbationsAsync(CancellationToken cancellationToken)
    {
        string waiting = string.Join(", ", _lanes.Where(l => l.OnProbation is not null).Select(l => l.Name));
        _hooks.Log($"Waiting for the first batch on {waiting} to leave validation.");
        _hooks.Progress?.Report(new WorkProgress(ProgressActivities.Starting, "Checking targets", $"Waiting for the first batch on {waiting} to leave validation"));
        await Task.Delay(Min(_settings.PollInterval, ProbationPoll), cancellationToken).ConfigureAwait(false);
        await CheckProbationsAsync(cancellationToken).ConfigureAwait(false);
        ReportTargets("Checking targets");
    }

    public void Complete()
    {
        if (!Several)
        {
            return;
        }

        _hooks.Progress?.Report(new WorkProgress(ProgressActivities.Starting, "Checking targets", "Done", 100, completed: true));
        TargetProgress.Complete(_hooks.Progress, _lanes.Count);
    }

    private async Task CheckProbationsAsync(CancellationToken cancellationToken)
    {
        foreach (TargetLane lane in _lanes.Where(l => l.OnProbation is not null))
        {
            Probation probation = lane.OnProbation!;
            probation.Job = probation.Job.WithState(await lane.Client.GetAsync(probation.Job.Id, cancellationToken).ConfigureAwait(false));
            if (probation.Job.Status == BatchStatus.Validating)
            {
                continue;
            }

            lane.OnProbation = null;
            if (TargetRefusals.FromValidation(probation.Job) is string why)
            {
                _failed.Add(probation);
                SetAside(lane, why);
            }
            else
            {
                lane.Proven = true;
                _released.Add(probation.Job);
            }
        }
    }

    /// <summary>Each resource answers a one-item list with its credential before its first part: a wrong key or endpoint shows before anything is uploaded.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        foreach (IGrouping<string, TargetLane> resource in _lanes.Where(l => !l.Probed && l.SetAsideWhy is null).GroupBy(l => l.Context.Endpoint.AbsoluteUri).ToArray())
        {
            TargetLane first = resource.First();
            _hooks.Log($"Checking that {first.Context.Endpoint} answers and accepts the credential.");
            try
            {
                await first.Client.ListAsync(null, 1, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobBatchException ex) when (Several && TargetRefusals.FromRefusal(ex) is string why)
            {
                foreach (TargetLane lane in resource)
                {
                    SetAside(lane, why);
                }
            }

            foreach (TargetLane lane in resource)
            {
                lane.Probed = true;
            }
        }
    }

    private TargetLane[] Live()
    {
        TargetLane[] live = _lanes.Where(l => l.SetAsideWhy is null).ToArray();
        return live.Length > 0 ? live : throw AllSetAside();
    }

    private BlobBatchException AllSetAside() =>
        new("AllTargetsSetAside", ErrorKind.InvalidOperation,
            $"Every target of the run was set aside, so no part can start: {string.Join("; ", _lanes.Select(l => $"{l.Name}: {l.SetAsideWhy}"))}. " +
            "Fix or drop those targets and start the run again: parts already started are kept.",
            string.Join(", ", _lanes.Select(l => l.Name)));

    /// <summary>A part larger than every target's whole queue can never start: refused against the largest, so the caller splits it to fit there.</summary>
    private static void RequireSomeFit(TargetLane[] live, long tokens, string what)
    {
        if (live.All(l => !l.Gate.Fits(tokens)))
        {
            live.OrderByDescending(l => l.Gate.TokenLimit).First().Gate.RequireFits(tokens, what);
        }
    }

    private static string Why(TargetLane[] live, long tokens) =>
        live.Length == 1
            ? live[0].Gate.WhyWaiting(tokens)
            : "waits for a target: " + string.Join("; ", live.Select(l => $"{l.Name} {(l.OnProbation is not null ? "validates its first batch" : l.Gate.WhyWaiting(tokens))}"));

    private TimeSpan NextPause(TargetLane[] live)
    {
        TimeSpan pause = _settings.PollInterval;
        if (live.Any(l => l.OnProbation is not null))
        {
            pause = Min(pause, ProbationPoll);
        }

        foreach (TargetLane lane in live.Where(l => l.Gate.NotBefore > DateTime.UtcNow))
        {
            pause = Min(pause, lane.Gate.NotBefore - DateTime.UtcNow);
        }

        return pause < ShortestPause ? ShortestPause : pause;
    }

    private async Task RefreshAsync(TargetLane[] live, CancellationToken cancellationToken)
    {
        foreach (TargetLane lane in live)
        {
            lane.Done += await lane.Gate.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PauseAsync(string what, string why, TimeSpan pause, Stopwatch waited, CancellationToken cancellationToken)
    {
        if (_settings.QuotaTimeout is TimeSpan timeout && waited.Elapsed + pause > timeout)
        {
            throw new BlobBatchException("QuotaWaitTimedOut", ErrorKind.Timeout,
                $"{what} waited {waited.Elapsed.TotalSeconds:N0} s for the deployment's token quota, and -QuotaTimeout is {timeout.TotalSeconds:N0} s ({why}). " +
                "Start the run again later: parts already started are kept and not started twice.", what);
        }

        _hooks.Log($"{what} {why}.");
        _hooks.Progress?.Report(new WorkProgress(ProgressActivities.Starting, "Waiting for token quota", $"{what} {why}"));
        ReportTargets(what + " waits");
        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
    }

    private void ReportTargets(string summary) =>
        TargetProgress.Report(_hooks.Progress, _lanes.Select(l => new TargetProgress.Line(
            l.Name,
            l.Gate.Active.Count(j => j.Status == BatchStatus.Validating),
            l.Gate.Active.Count(j => j.Status != BatchStatus.Validating),
            l.Done,
            l.SetAsideWhy is not null ? "set aside" : l.OnProbation is not null ? "first batch validating" : null)).ToList(), summary);

    private void RequireRunStorage(BlobBatchContext context)
    {
        BlobBatchContext run = RunContext;
        if (!string.Equals(run.BlobEndpoint.AbsoluteUri, context.BlobEndpoint.AbsoluteUri, StringComparison.OrdinalIgnoreCase)
            || run.InputContainer != context.InputContainer || run.OutputContainer != context.OutputContainer)
        {
            throw new BlobBatchException("TargetStorageMismatch", ErrorKind.InvalidArgument,
                $"The target {context.Endpoint} uses storage {Errors.Redaction.Url(context.BlobEndpoint)} ({context.InputContainer}, {context.OutputContainer}), " +
                $"but the run lives in {Errors.Redaction.Url(run.BlobEndpoint)} ({run.InputContainer}, {run.OutputContainer}): every target's batches read and write the run's storage. " +
                "Connect each context to the same storage account and containers (Connect-BlobBatch -StorageAccount -InputContainer -OutputContainer).",
                context.Endpoint.AbsoluteUri);
        }
    }

    private static bool SameResource(BlobBatchContext a, BlobBatchContext b) =>
        string.Equals(a.Endpoint.AbsoluteUri, b.Endpoint.AbsoluteUri, StringComparison.OrdinalIgnoreCase);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
