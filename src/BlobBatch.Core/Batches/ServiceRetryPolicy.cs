using System;
using System.ClientModel.Primitives;
using System.Globalization;

namespace BlobBatch.Core.Batches;

/// <summary>
/// The batch client's retry policy: 408, 429, 5xx and transport failures, waiting what the service
/// asks (retry-after-ms, x-ms-retry-after-ms, Retry-After in seconds or as an HTTP date) with a cap on
/// any one wait, so a hostile or broken header cannot park a runbook for hours. A create is retried
/// only after a 429 (the gateway refused it, nothing was created): after any other failure the batch
/// may exist, and a blind retry would bill twice; the run starter looks for it instead.
/// </summary>
internal sealed class ServiceRetryPolicy : ClientRetryPolicy
{
    public const int MaxRetries = 6;
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    public ServiceRetryPolicy()
        : base(MaxRetries)
    {
    }

    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) =>
        MayRetry(message) && base.ShouldRetry(message, exception);

    protected override System.Threading.Tasks.ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
        MayRetry(message) ? base.ShouldRetryAsync(message, exception) : new System.Threading.Tasks.ValueTask<bool>(false);

    // A throttled create (429) was refused before anything was created; any other failed create may have created its batch.
    private static bool MayRetry(PipelineMessage message) => !IsCreate(message) || message.Response?.Status == 429;

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        TimeSpan delay = RetryAfter(message.Response) ?? base.GetNextDelay(message, tryCount);
        return delay > LongestWait ? LongestWait : delay;
    }

    /// <summary>The wait a response asks for, in any of the forms services send; null when it asks for none.</summary>
    internal static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        foreach (string name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (response.Headers.TryGetValue(name, out string? milliseconds)
                && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        if (!response.Headers.TryGetValue("Retry-After", out string? value) || value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            TimeSpan wait = when - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    // POST …/batches (not …/batches/{id}/cancel): the one call that is not idempotent.
    private static bool IsCreate(PipelineMessage message) =>
        message.Request.Method == "POST" && message.Request.Uri?.AbsolutePath.TrimEnd('/').EndsWith("/batches", StringComparison.Ordinal) == true;
}
