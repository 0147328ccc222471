using BlobBatch.Emulator.Http;

namespace BlobBatch.Emulator.Batches;

/// <summary>Create, get, list and cancel batches.</summary>
public static class BatchEndpoints
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/batches", (HttpContext context, BatchCreator creator) => creator.CreateAsync(context));
        routes.MapGet("/batches", List);
        routes.MapGet("/batches/{id}", Get);
        routes.MapPost("/batches/{id}/cancel", Cancel);
    }

    private static IResult List(HttpContext context, BatchStore store)
    {
        if (!Paging.TryReadLimit(context.Request, DefaultLimit, MaxLimit, out int limit))
        {
            return ServiceError.InvalidPayload($"limit must be an integer from 1 to {MaxLimit}.", "limit");
        }

        bool blobFields = ApiSurface.Of(context).AllowsBlobFields;
        (List<BatchRecord> page, bool hasMore) = Paging.Slice(store.NewestFirst(), b => b.Id, context.Request.Query["after"], limit);
        return Paging.Result(page, hasMore, b => b.Id, (writer, batch) => BatchJson.Write(writer, batch, blobFields));
    }

    private static IResult Get(string id, HttpContext context, BatchStore store) =>
        store.Get(id) is BatchRecord batch
            ? JsonText.Result(writer => BatchJson.Write(writer, batch, ApiSurface.Of(context).AllowsBlobFields))
            : BatchNotFound(id);

    private static IResult Cancel(string id, HttpContext context, BatchStore store, BatchProcessor processor)
    {
        if (store.Get(id) is not BatchRecord batch)
        {
            return BatchNotFound(id);
        }

        string status = string.Empty;
        store.Update(batch, b =>
        {
            status = b.Status;
            if (b.Status is BatchStatus.Validating or BatchStatus.InProgress or BatchStatus.Finalizing)
            {
                b.Status = BatchStatus.Cancelling;
                BatchTimestamps.Stamp(b, BatchStatus.Cancelling, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            }
        });

        if (BatchStatus.IsTerminal(status))
        {
            return ServiceError.Result(409, "unexpectedEntityState",
                $"Batch '{id}' is already '{status}' and cannot be cancelled; only validating, in_progress or finalizing batches can.");
        }

        processor.RequestCancel(id);
        return JsonText.Result(writer => BatchJson.Write(writer, batch, ApiSurface.Of(context).AllowsBlobFields));
    }

    private static IResult BatchNotFound(string id) => ServiceError.NotFound($"Batch '{id}' not found.");
}
