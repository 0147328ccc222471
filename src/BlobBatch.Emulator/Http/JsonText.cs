using System.Text;
using System.Text.Json;

namespace BlobBatch.Emulator.Http;

/// <summary>Builds a JSON answer with a writer, so field order and nulls are exactly as written.</summary>
public static class JsonText
{
    public static string Build(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IResult Result(Action<Utf8JsonWriter> write, int statusCode = 200) =>
        Results.Text(Build(write), "application/json", statusCode: statusCode);
}
