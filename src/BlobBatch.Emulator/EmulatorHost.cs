using BlobBatch.Emulator.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BlobBatch.Emulator;

/// <summary>The emulator in this process on 127.0.0.1 (port 0 picks a free one), for tests that drive it over real HTTP.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, Uri baseUri, EmulatorOptions options)
    {
        _app = app;
        BaseUri = baseUri;
        Options = options;
    }

    /// <summary>The endpoint to give clients, e.g. http://127.0.0.1:54321/.</summary>
    public Uri BaseUri { get; }

    public EmulatorOptions Options { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        WebApplication app = EmulatorApplication.Build(builder, options);
        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, new Uri(address.TrimEnd('/') + "/"), options);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
