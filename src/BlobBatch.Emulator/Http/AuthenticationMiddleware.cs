using System.Security.Cryptography;
using System.Text;
using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Http;

/// <summary>api-key header or Authorization: Bearer (on v1 the key itself too), as the service accepts; anything else is 401.</summary>
public sealed class AuthenticationMiddleware(RequestDelegate next, EmulatorOptions options)
{
    private const string BearerPrefix = "Bearer ";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!ControlPaths.IsControl(context.Request.Path) || IsAuthorised(context.Request))
        {
            await next(context);
            return;
        }

        await ServiceError.WriteAsync(context, 401, "unauthorized",
            "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");
    }

    private bool IsAuthorised(HttpRequest request)
    {
        string? key = request.Headers["api-key"];
        if (!string.IsNullOrEmpty(key))
        {
            return SameSecret(key, options.ApiKey);
        }

        string? authorization = request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string token = authorization[BearerPrefix.Length..].Trim();
        return token.Length > 0
               && (options.BearerToken is null
                   || SameSecret(token, options.BearerToken)
                   // v1 also takes the resource key as a bearer token: that is how the OpenAI SDKs send it.
                   || (ControlPaths.IsV1(request.Path) && SameSecret(token, options.ApiKey)));
    }

    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
