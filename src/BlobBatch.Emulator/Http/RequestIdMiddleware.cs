namespace BlobBatch.Emulator.Http;

/// <summary>Every answer carries apim-request-id, as the service's gateway adds one.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers["apim-request-id"] = Guid.NewGuid().ToString();
        return next(context);
    }
}
