using System.Text.Json;

namespace BlobBatch.Emulator.Files;

/// <summary>The file object on the wire.</summary>
public static class FileJson
{
    public static void Write(Utf8JsonWriter writer, FileRecord file)
    {
        writer.WriteStartObject();
        writer.WriteString("id", file.Id);
        writer.WriteString("object", "file");
        writer.WriteNumber("bytes", file.Bytes);
        writer.WriteNumber("created_at", file.CreatedAt);
        if (file.ExpiresAt is long expires)
        {
            writer.WriteNumber("expires_at", expires);
        }

        writer.WriteString("filename", file.Filename);
        writer.WriteString("purpose", file.Purpose);
        writer.WriteString("status", file.Status);
        writer.WriteNull("status_details");
        writer.WriteEndObject();
    }
}
