using System.Text.Json;
using System.Text.Json.Serialization;
using BlobBatch.Emulator.Batches;
using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Faults;

/// <summary>/_emulator/: health and the fault plan. No auth: the port is loopback-only and tests drive faults here.</summary>
public static class AdminEndpoints
{
    public const string Prefix = "/_emulator";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder admin = routes.MapGroup(Prefix);
        admin.MapGet("/health", (BatchStore store) => Results.Json(
            new { status = "ok", batches = store.NewestFirst().Count, unfinished = store.Unfinished().Count }, Json));
        admin.MapGet("/faults", (FaultInjector faults) => Results.Json(faults.Snapshot(), Json));
        admin.MapPost("/faults", ReplaceAsync);
        admin.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
    }

    private static async Task<IResult> ReplaceAsync(HttpContext context, FaultInjector faults)
    {
        FaultOptions? plan;
        try
        {
            plan = await JsonSerializer.DeserializeAsync<FaultOptions>(context.Request.Body, Json, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Results.Json(new { error = new { code = "invalidPayload", message = ex.Message } }, Json, statusCode: 400);
        }

        if (plan is null || plan.RequestFailureRate is < 0 or > 1 || plan.Rules.Any(r => r.Rate is < 0 or > 1))
        {
            return Results.Json(new { error = new { code = "invalidPayload", message = "Rates must be between 0 and 1." } }, Json, statusCode: 400);
        }

        faults.Replace(plan);
        return Results.Json(faults.Snapshot(), Json);
    }
}
