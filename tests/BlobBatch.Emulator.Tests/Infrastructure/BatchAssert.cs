using System.Text.Json;

namespace BlobBatch.Emulator.Tests.Infrastructure;

/// <summary>Small readers for batch JSON used across tests.</summary>
public static class BatchAssert
{
    public static string Status(JsonElement batch) => batch.GetProperty("status").GetString()!;

    public static string Id(JsonElement batch) => batch.GetProperty("id").GetString()!;

    public static int Count(JsonElement batch, string name) => batch.GetProperty("request_counts").GetProperty(name).GetInt32();

    public static long? Time(JsonElement batch, string name) =>
        batch.GetProperty(name).ValueKind == JsonValueKind.Null ? null : batch.GetProperty(name).GetInt64();

    public static JsonElement SingleError(JsonElement batch)
    {
        Assert.Equal("failed", Status(batch));
        Assert.NotNull(Time(batch, "failed_at"));
        JsonElement errors = batch.GetProperty("errors");
        Assert.Equal("list", errors.GetProperty("object").GetString());
        return Assert.Single(errors.GetProperty("data").EnumerateArray());
    }
}
