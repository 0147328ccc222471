using BlobBatch.Emulator;
using BlobBatch.Emulator.Configuration;

// Configuration: the "Emulator" section (appsettings, Emulator__* environment variables, --Emulator:Key=value).
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
string urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5080";
EmulatorApplication.RequireLoopback(urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
builder.WebHost.UseUrls(urls);
EmulatorOptions options = builder.Configuration.GetSection("Emulator").Get<EmulatorOptions>() ?? new EmulatorOptions();
WebApplication app = EmulatorApplication.Build(builder, options);
await app.RunAsync();
