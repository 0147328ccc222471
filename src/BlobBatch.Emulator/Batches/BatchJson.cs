using System.Text.Json;

namespace BlobBatch.Emulator.Batches;

/// <summary>The batch object on the wire (spec §3.1): every field present, nulls included, integer timestamps.</summary>
public static class BatchJson
{
    public static void Write(Utf8JsonWriter writer, BatchRecord batch, bool includeBlobFields)
    {
        lock (batch.Gate)
        {
            writer.WriteStartObject();
            writer.WriteString("id", batch.Id);
            writer.WriteString("object", "batch");
            writer.WriteString("endpoint", batch.Endpoint);
            WriteErrors(writer, batch.Errors);
            WriteString(writer, "input_file_id", batch.InputFileId);
            writer.WriteString("completion_window", batch.CompletionWindow);
            writer.WriteString("status", batch.Status);
            WriteString(writer, "output_file_id", batch.OutputFileId);
            WriteString(writer, "error_file_id", batch.ErrorFileId);
            writer.WriteNumber("created_at", batch.CreatedAt);
            WriteTime(writer, "in_progress_at", batch.InProgressAt);
            WriteTime(writer, "expires_at", batch.ExpiresAt);
            WriteTime(writer, "finalizing_at", batch.FinalizingAt);
            WriteTime(writer, "completed_at", batch.CompletedAt);
            WriteTime(writer, "failed_at", batch.FailedAt);
            WriteTime(writer, "expired_at", batch.ExpiredAt);
            WriteTime(writer, "cancelling_at", batch.CancellingAt);
            WriteTime(writer, "cancelled_at", batch.CancelledAt);
            writer.WriteStartObject("request_counts");
            writer.WriteNumber("total", batch.Total);
            writer.WriteNumber("completed", batch.Completed);
            writer.WriteNumber("failed", batch.Failed);
            writer.WriteEndObject();
            WriteMetadata(writer, batch.Metadata);
            if (batch.IsBlobMode && includeBlobFields)
            {
                writer.WriteString("input_blob", batch.InputBlob);
                writer.WriteString("output_blob", batch.OutputBlob ?? string.Empty);
                writer.WriteString("error_blob", batch.ErrorBlob ?? string.Empty);
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteErrors(Utf8JsonWriter writer, List<BatchError>? errors)
    {
        if (errors is null)
        {
            writer.WriteNull("errors");
            return;
        }

        writer.WriteStartObject("errors");
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (BatchError error in errors)
        {
            writer.WriteStartObject();
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            WriteString(writer, "param", error.Param);
            if (error.Line is int line)
            {
                writer.WriteNumber("line", line);
            }
            else
            {
                writer.WriteNull("line");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, Dictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            writer.WriteNull("metadata");
            return;
        }

        writer.WriteStartObject("metadata");
        foreach ((string key, string value) in metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
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

    private static void WriteTime(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is long seconds)
        {
            writer.WriteNumber(name, seconds);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
