using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Http;

/// <summary>Classic paths need a known api-version; v1 paths take none, "v1", "preview" or a known one.</summary>
public sealed class ApiVersionMiddleware(RequestDelegate next, EmulatorOptions options)
{
    private static readonly string[] V1Aliases = ["v1", "preview", "latest"];

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
        else if (!options.ApiVersions.Contains(version, StringComparer.Ordinal)
                 && !(isV1 && V1Aliases.Contains(version, StringComparer.OrdinalIgnoreCase)))
        {
            await ServiceError.WriteAsync(context, 400, "invalidPayload",
                $"Unsupported api-version '{version}'. Supported: {string.Join(", ", options.ApiVersions)}.");
            return;
        }

        new ApiSurface(isV1, isV1 ? null : version).AttachTo(context);
        await next(context);
    }
}
