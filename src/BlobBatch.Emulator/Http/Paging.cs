using System.Text.Json;

namespace BlobBatch.Emulator.Http;

/// <summary>The list envelope shared by batches and files: {object, data, first_id, last_id, has_more}.</summary>
public static class Paging
{
    /// <summary>Takes up to limit items after the one with id <paramref name="after"/> (from the start when null or unknown).</summary>
    public static (List<T> Page, bool HasMore) Slice<T>(IReadOnlyList<T> ordered, Func<T, string> id, string? after, int limit)
    {
        int start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            int index = ordered.ToList().FindIndex(item => id(item) == after);
            start = index < 0 ? ordered.Count : index + 1;
        }

        List<T> page = ordered.Skip(start).Take(limit).ToList();
        return (page, start + page.Count < ordered.Count);
    }

    public static IResult Result<T>(List<T> page, bool hasMore, Func<T, string> id, Action<Utf8JsonWriter, T> writeItem) =>
        JsonText.Result(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (T item in page)
            {
                writeItem(writer, item);
            }

            writer.WriteEndArray();
            WriteIdOrNull(writer, "first_id", page.Count > 0 ? id(page[0]) : null);
            WriteIdOrNull(writer, "last_id", page.Count > 0 ? id(page[^1]) : null);
            writer.WriteBoolean("has_more", hasMore);
            writer.WriteEndObject();
        });

    public static bool TryReadLimit(HttpRequest request, int defaultLimit, int maxLimit, out int limit)
    {
        string? text = request.Query["limit"];
        if (string.IsNullOrEmpty(text))
        {
            limit = defaultLimit;
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
               && limit >= 1 && limit <= maxLimit;
    }

    private static void WriteIdOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
