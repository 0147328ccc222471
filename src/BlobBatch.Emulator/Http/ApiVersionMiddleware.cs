using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Http;

/// <summary>
/// Classic paths need an api-version: a known one, or any well-formed dated one newer than the newest known. v1 paths
/// take none, "v1", "preview", "latest" or one of those.
/// </summary>
public sealed class ApiVersionMiddleware(RequestDelegate next, EmulatorOptions options)
{
    private static readonly string[] V1Aliases = ["v1", "preview", "latest"];
    private static readonly DatedApiVersion NewestKnown = DatedApiVersion.Parse(ApiVersionDefaults.NewestKnown);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!ControlPaths.IsControl(context.Request.Path))
        {
            await next(context);
            return;
        }

        bool isV1 = ControlPaths.IsV1(context.Request.Path);
        string? version = context.Request.Query["api-version"];
        if (string.IsNullOrEmpty(version))
        {
            if (!isV1)
            {
                await ServiceError.WriteAsync(context, 400, "invalidPayload",
                    "Missing required query parameter 'api-version'. Use e.g. api-version=2025-04-01-preview, or the /openai/v1/ path.");
                return;
            }
        }
        else if (!IsAccepted(version) && !(isV1 && V1Aliases.Contains(version, StringComparer.OrdinalIgnoreCase)))
        {
            await ServiceError.WriteAsync(context, 400, "invalidPayload",
                $"Unsupported api-version '{version}'. Supported: {string.Join(", ", options.ApiVersions)}, or a dated version (yyyy-MM-dd[-preview]) after {ApiVersionDefaults.NewestKnown}.");
            return;
        }

        new ApiSurface(isV1, isV1 ? null : version).AttachTo(context);
        await next(context);
    }

    private bool IsAccepted(string version) =>
        options.ApiVersions.Contains(version, StringComparer.Ordinal)
        || (DatedApiVersion.TryParse(version, out DatedApiVersion dated) && dated > NewestKnown);
}
