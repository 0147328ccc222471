using System;
using System.IO;
using System.Text.Json;

namespace BlobBatch.Core.Batches;

/// <summary>The create-batch JSON for blob mode: input_blob plus output_folder, input_file_id null as the docs send it.</summary>
public static class BatchCreateBody
{
    public const string CompletionWindow = "24h";

    public static BinaryData ForBlob(Uri inputBlob, Uri outputFolder, string endpointUrl)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNull("input_file_id");
            writer.WriteString("input_blob", inputBlob.AbsoluteUri);
            writer.WriteStartObject("output_folder");
            writer.WriteString("url", outputFolder.AbsoluteUri);
            writer.WriteEndObject();
            writer.WriteString("endpoint", endpointUrl);
            writer.WriteString("completion_window", CompletionWindow);
            writer.WriteEndObject();
        }

        return BinaryData.FromBytes(stream.ToArray());
    }
}
