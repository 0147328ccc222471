using BlobBatch.Emulator.Faults;

namespace BlobBatch.Emulator.Http;

/// <summary>Applies the fault plan to control calls before anything else runs, as a gateway in front of the service would.</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ControlPaths.IsControl(context.Request.Path))
        {
            await next(context);
            return;
        }

        FaultRule? rule = faults.Pick(context.Request.Method, ControlPaths.OperationOf(context.Request));
        switch (rule?.Kind)
        {
            case null:
                await next(context);
                break;
            case FaultKind.Drop:
                context.Abort();
                break;
            case FaultKind.Delay:
                await Task.Delay(rule.DelayMilliseconds, context.RequestAborted);
                await next(context);
                break;
            case FaultKind.Rewrite:
                await HostileAnswers.RewriteAsync(context, next, rule);
                break;
            case FaultKind.Body:
                await HostileAnswers.BodyAsync(context, rule);
                break;
            case FaultKind.Huge:
                await HostileAnswers.HugeAsync(context, rule);
                break;
            case FaultKind.Throttle:
                int milliseconds = Math.Max(0, rule.RetryAfterMilliseconds ?? 1000);
                if (rule.RetryAfterAsDate)
                {
                    // The HTTP-date form alone, as some proxies send it: clients must not ignore it.
                    context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddMilliseconds(milliseconds + 999).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    context.Response.Headers["retry-after-ms"] = milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!rule.RetryAfterMillisecondsOnly)
                    {
                        // Retry-After is whole seconds; round up so a client honouring only it never retries early.
                        context.Response.Headers.RetryAfter = ((milliseconds + 999) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                await ServiceError.WriteAsync(context, 429, "tooManyRequests", "Rate limit exceeded (injected by the emulator). Retry after the given interval.");
                break;
            case FaultKind.DropAfter:
            case FaultKind.StatusAfter:
            case FaultKind.DelayAfter:
                await AfterTheCallAsync(context, rule);
                break;
            default:
                if (rule.RetryAfterMilliseconds is int wait)
                {
                    context.Response.Headers["retry-after-ms"] = Math.Max(0, wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                string code = rule.StatusCode == 503 ? "serviceUnavailable" : "internalFailure";
                await ServiceError.WriteAsync(context, rule.StatusCode, code, $"Injected fault: HTTP {rule.StatusCode}.");
                break;
        }
    }

    // The call is carried out in full (a create creates its batch) with its answer held in memory;
    // then the answer is lost, replaced or late, as after a gateway failure or a client timeout.
    private async Task AfterTheCallAsync(HttpContext context, FaultRule rule)
    {
        Stream original = context.Response.Body;
        using var held = new MemoryStream();
        context.Response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        switch (rule.Kind)
        {
            case FaultKind.DropAfter:
                context.Abort();
                break;
            case FaultKind.StatusAfter:
                context.Response.Headers.Clear();
                string code = rule.StatusCode == 503 ? "serviceUnavailable" : "internalFailure";
                await ServiceError.WriteAsync(context, rule.StatusCode, code, $"Injected fault after the call: HTTP {rule.StatusCode}.");
                break;
            default:
                await Task.Delay(rule.DelayMilliseconds, context.RequestAborted);
                held.Position = 0;
                await held.CopyToAsync(original, context.RequestAborted);
                break;
        }
    }
}
