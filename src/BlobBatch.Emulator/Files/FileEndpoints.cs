using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Http;
using BlobBatch.Emulator.Input;

namespace BlobBatch.Emulator.Files;

/// <summary>The Files API: upload (multipart), get, list, content, delete.</summary>
public static class FileEndpoints
{
    private const long MinExpirySeconds = 1_209_600;
    private const long MaxExpirySeconds = 2_592_000;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/files", UploadAsync);
        routes.MapGet("/files", List);
        routes.MapGet("/files/{id}", Get);
        routes.MapGet("/files/{id}/content", Content);
        routes.MapDelete("/files/{id}", Delete);
    }

    private static async Task<IResult> UploadAsync(HttpContext context, FileStore store, EmulatorOptions options)
    {
        if (!context.Request.HasFormContentType)
        {
            return ServiceError.InvalidPayload("Upload a file as multipart/form-data with the fields 'purpose' and 'file'.");
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? purpose = form["purpose"];
        if (purpose != FilePurposes.Batch)
        {
            return ServiceError.InvalidPayload($"'{purpose}' is not a supported purpose for upload; use 'batch'.", "purpose");
        }

        IFormFile? file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return ServiceError.InvalidPayload("The 'file' field is missing or empty.", "file");
        }

        if (file.Length > options.MaxFileInputBytes)
        {
            return ServiceError.InvalidPayload($"The file exceeds the {InputSizeLimits.Describe(options.MaxFileInputBytes)} limit for batch input.", "file");
        }

        long? expiresAt = null;
        string? seconds = form["expires_after[seconds]"].FirstOrDefault() ?? form["expires_after.seconds"].FirstOrDefault();
        if (seconds is not null)
        {
            if (!long.TryParse(seconds, out long value) || value < MinExpirySeconds || value > MaxExpirySeconds)
            {
                return ServiceError.InvalidPayload("expires_after.seconds must be between 1209600 and 2592000.", "expires_after.seconds");
            }

            expiresAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + value;
        }

        using var content = new MemoryStream();
        await file.CopyToAsync(content, context.RequestAborted);
        FileRecord record = store.Create(FilePurposes.Batch, file.FileName, content.GetBuffer().AsSpan(0, (int)content.Length), expiresAt);
        context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path}/{record.Id}";
        return JsonText.Result(writer => FileJson.Write(writer, record), 201);
    }

    private static IResult List(HttpRequest request, FileStore store)
    {
        if (!Paging.TryReadLimit(request, 10_000, 10_000, out int limit))
        {
            return ServiceError.InvalidPayload("limit must be an integer from 1 to 10000.", "limit");
        }

        string order = request.Query["order"].FirstOrDefault() ?? "desc";
        if (order is not ("asc" or "desc"))
        {
            return ServiceError.InvalidPayload("order must be 'asc' or 'desc'.", "order");
        }

        string? purpose = request.Query["purpose"];
        IEnumerable<FileRecord> files = store.List().Where(f => string.IsNullOrEmpty(purpose) || f.Purpose == purpose);
        List<FileRecord> ordered = order == "asc" ? [.. files] : [.. files.Reverse()];
        (List<FileRecord> page, bool hasMore) = Paging.Slice(ordered, f => f.Id, request.Query["after"], limit);
        return Paging.Result(page, hasMore, f => f.Id, FileJson.Write);
    }

    private static IResult Get(string id, FileStore store) =>
        store.Get(id) is FileRecord file ? JsonText.Result(writer => FileJson.Write(writer, file)) : FileNotFound(id);

    private static IResult Content(string id, FileStore store) =>
        store.Get(id) is null ? FileNotFound(id) : Results.Bytes(store.ReadContent(id), "application/octet-stream");

    private static IResult Delete(string id, FileStore store)
    {
        if (!store.Delete(id))
        {
            return FileNotFound(id);
        }

        return JsonText.Result(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "file");
            writer.WriteBoolean("deleted", true);
            writer.WriteString("id", id);
            writer.WriteEndObject();
        });
    }

    private static IResult FileNotFound(string id) => ServiceError.NotFound($"File '{id}' not found.");
}
