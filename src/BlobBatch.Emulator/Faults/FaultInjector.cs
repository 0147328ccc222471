using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Faults;

/// <summary>The current fault plan, shared by the middleware, the batch runner and the admin endpoints.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private List<FaultRule> _rules;
    private double _requestFailureRate;
    private bool _omitPartialOutputBlobs;
    private Random _random;

    public FaultInjector(EmulatorOptions options)
    {
        _rules = [.. options.Faults.Rules];
        _requestFailureRate = options.Faults.RequestFailureRate;
        _omitPartialOutputBlobs = options.Faults.OmitPartialOutputBlobs;
        _random = new Random(options.Faults.Seed);
    }

    public double RequestFailureRate
    {
        get { lock (_gate) { return _requestFailureRate; } }
    }

    /// <summary>See <see cref="FaultOptions.OmitPartialOutputBlobs"/>.</summary>
    public bool OmitPartialOutputBlobs
    {
        get { lock (_gate) { return _omitPartialOutputBlobs; } }
    }

    public void Replace(FaultOptions plan)
    {
        lock (_gate)
        {
            _rules = [.. plan.Rules];
            _requestFailureRate = plan.RequestFailureRate;
            _omitPartialOutputBlobs = plan.OmitPartialOutputBlobs;
            _random = new Random(plan.Seed);
        }
    }

    public void Clear() => Replace(new FaultOptions());

    public FaultOptions Snapshot()
    {
        lock (_gate)
        {
            return new FaultOptions { Rules = [.. _rules], RequestFailureRate = _requestFailureRate, OmitPartialOutputBlobs = _omitPartialOutputBlobs };
        }
    }

    /// <summary>The first rule that fires for this call, consuming one of its counted uses; null when none fires.</summary>
    public FaultRule? Pick(string method, string operation)
    {
        lock (_gate)
        {
            foreach (FaultRule rule in _rules)
            {
                if (!Matches(rule, method, operation) || rule.Count is <= 0)
                {
                    continue;
                }

                if (rule.Rate < 1 && _random.NextDouble() >= rule.Rate)
                {
                    continue;
                }

                if (rule.Count is not null)
                {
                    rule.Count--;
                }

                rule.Hits++;
                return rule;
            }

            return null;
        }
    }

    private static bool Matches(FaultRule rule, string method, string operation) =>
        (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
        && (rule.Operation is null || string.Equals(rule.Operation, operation, StringComparison.OrdinalIgnoreCase));
}
