using System;
using System.Text.Json;

namespace BlobBatch.Core.Input;

/// <summary>
/// Rewrites the deployment a request line names (body.model) and nothing else: the line's other bytes,
/// its custom_id among them, stay exactly as written.
/// </summary>
public static class ModelField
{
    /// <summary>A deployment name as the JSON string <see cref="Rewrite"/> writes, encoded once for all the lines of a part.</summary>
    public static byte[] Encode(string deployment) => JsonSerializer.SerializeToUtf8Bytes(deployment);

    /// <summary>The line with body.model set to <paramref name="value"/> (from <see cref="Encode"/>); the line as it is when it names none (the service judges it).</summary>
    public static ArraySegment<byte> Rewrite(ArraySegment<byte> line, byte[] value, ref byte[] scratch)
    {
        if (Find(line) is not (int start, int length))
        {
            return line;
        }

        int size = line.Count - length + value.Length;
        if (scratch.Length < size)
        {
            scratch = new byte[Math.Max(size, scratch.Length * 2)];
        }

        ReadOnlySpan<byte> text = line;
        text.Slice(0, start).CopyTo(scratch);
        value.CopyTo(scratch.AsSpan(start));
        text.Slice(start + length).CopyTo(scratch.AsSpan(start + value.Length));
        return new ArraySegment<byte>(scratch, 0, size);
    }

    /// <summary>Where the string value of body.model is in the line (its quotes included); null when there is none.</summary>
    internal static (int Start, int Length)? Find(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool body = reader.CurrentDepth == 1 && reader.ValueTextEquals("body"u8);
                reader.Read();
                if (body && reader.TokenType == JsonTokenType.StartObject)
                {
                    return FindModel(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A line that is not JSON goes up as it is: the service reports it, with its line number.
        }

        return null;
    }

    private static (int Start, int Length)? FindModel(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool model = reader.ValueTextEquals("model"u8);
            reader.Read();
            if (model && reader.TokenType == JsonTokenType.String)
            {
                // ValueSpan holds the raw (still escaped) text between the quotes.
                return ((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2);
            }

            reader.Skip();
        }

        return null;
    }
}
