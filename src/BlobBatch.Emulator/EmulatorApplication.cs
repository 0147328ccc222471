using System.Net;
using BlobBatch.Emulator.Backends;
using BlobBatch.Emulator.Batches;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Faults;
using BlobBatch.Emulator.Files;
using BlobBatch.Emulator.Http;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Output;
using BlobBatch.Emulator.Pacing;
using BlobBatch.Emulator.Quota;
using BlobBatch.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace BlobBatch.Emulator;

/// <summary>Wires services, middleware and routes; the published program and the in-process test host both use it.</summary>
public static class EmulatorApplication
{
    // Room for multipart framing around the largest file, so an upload over the limit gets the Files API's own 400.
    private const long MultipartHeadroomBytes = 10L * 1024 * 1024;

    public static WebApplication Build(WebApplicationBuilder builder, EmulatorOptions options)
    {
        options.WithDefaults();
        Directory.CreateDirectory(options.DataPath);

        // Warnings only, and never request headers: they carry the api-key.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        long maxBodyBytes = options.MaxFileInputBytes + MultipartHeadroomBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBodyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxBodyBytes);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));

        IServiceCollection services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<BatchStore>();
        services.AddSingleton<FileStore>();
        services.AddSingleton<StorageAccess>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<QuotaLedger>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<InputSource>();
        services.AddSingleton<OutputPublisher>();
        services.AddSingleton<TokenPacer>();
        services.AddSingleton<BatchRunner>();
        services.AddSingleton<BatchProcessor>();
        services.AddHostedService(provider => provider.GetRequiredService<BatchProcessor>());
        services.AddSingleton<BatchCreator>();
        if (options.Backend.Kind == BackendKind.Upstream)
        {
            services.AddSingleton<IRequestBackend, UpstreamBackend>();
        }
        else
        {
            services.AddSingleton<IRequestBackend, EchoBackend>();
        }

        WebApplication app = builder.Build();
        WarmUp.Run(app.Services, options);
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.UseMiddleware<ApiVersionMiddleware>();

        foreach (string prefix in new[] { ControlPaths.ClassicPrefix, ControlPaths.V1Prefix })
        {
            RouteGroupBuilder group = app.MapGroup(prefix);
            BatchEndpoints.Map(group);
            FileEndpoints.Map(group);
        }

        AdminEndpoints.Map(app);
        app.MapFallback(() => ServiceError.Result(404, "404", "Resource not found"));
        return app;
    }

    /// <summary>Refuses any listening address that is not this machine.</summary>
    public static void RequireLoopback(IEnumerable<string> urls)
    {
        foreach (string url in urls)
        {
            var uri = new Uri(url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"));
            bool loopback = uri.Host == "localhost" || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                throw new InvalidOperationException($"The emulator listens on loopback only; '{url}' is not a loopback address.");
            }
        }
    }
}
