var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "BlobBatch emulator");
app.Run();
