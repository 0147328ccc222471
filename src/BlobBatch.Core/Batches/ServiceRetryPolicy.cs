using System;
using System.ClientModel.Primitives;
using System.Globalization;

namespace BlobBatch.Core.Batches;

/// <summary>
/// The client's retry policy (408, 429, 5xx and transport failures, honouring retry-after-ms and
/// Retry-After in seconds), plus two things it lacks: Retry-After as an HTTP date, which it ignores,
/// and a cap on any one wait so a hostile or broken header cannot park a runbook for hours.
/// </summary>
internal sealed class ServiceRetryPolicy : ClientRetryPolicy
{
    public const int MaxRetries = 6;
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    public ServiceRetryPolicy()
        : base(MaxRetries)
    {
    }

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        TimeSpan delay = RetryAfterDate(message) ?? base.GetNextDelay(message, tryCount);
        return delay > LongestWait ? LongestWait : delay;
    }

    internal static TimeSpan? RetryAfterDate(PipelineMessage message)
    {
        if (message.Response is null || !message.Response.Headers.TryGetValue("Retry-After", out string? value) || value is null
            || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            TimeSpan wait = when - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
