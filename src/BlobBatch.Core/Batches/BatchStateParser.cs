using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace BlobBatch.Core.Batches;

/// <summary>
/// Reads the service's batch JSON. Tolerant where the service has varied: unknown fields, nulls,
/// ISO-8601 strings instead of unix seconds, capitalised statuses, a string 'line'.
/// </summary>
public static class BatchStateParser
{
    // The range DateTimeOffset can hold (years 1 to 9999); a time outside it is treated as absent.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>The fields of a batch object, read as tolerantly as the service has varied; the caller checks it is one.</summary>
    public static BatchState Parse(JsonElement batch)
    {
        var state = new BatchState
        {
            Id = Text(batch, "id") ?? string.Empty,
            Status = BatchStatus.Normalize(Text(batch, "status")),
            Endpoint = Text(batch, "endpoint"),
            InputBlob = Text(batch, "input_blob"),
            OutputBlob = Text(batch, "output_blob"),
            ErrorBlob = Text(batch, "error_blob"),
            InputFileId = Text(batch, "input_file_id"),
            OutputFileId = Text(batch, "output_file_id"),
            ErrorFileId = Text(batch, "error_file_id"),
            CreatedAt = Time(batch, "created_at"),
            InProgressAt = Time(batch, "in_progress_at"),
            FinalizingAt = Time(batch, "finalizing_at"),
            CompletedAt = Time(batch, "completed_at"),
            FailedAt = Time(batch, "failed_at"),
            ExpiredAt = Time(batch, "expired_at"),
            CancellingAt = Time(batch, "cancelling_at"),
            CancelledAt = Time(batch, "cancelled_at"),
            ExpiresAt = Time(batch, "expires_at"),
            Errors = Errors(batch),
        };

        if (batch.TryGetProperty("request_counts", out JsonElement counts) && counts.ValueKind == JsonValueKind.Object)
        {
            state.Total = Int(counts, "total");
            state.Completed = Int(counts, "completed");
            state.Failed = Int(counts, "failed");
        }

        return state;
    }

    /// <summary>A batch the service answered with: an object with an id of the service's shape, or <c>InvalidServiceResponse</c>.</summary>
    public static BatchState ParseAnswer(BinaryData json, string action)
    {
        using JsonDocument document = ServiceAnswers.ParseObject(json, action);
        return ParseAnswer(document.RootElement, action);
    }

    /// <summary>One batch of an answer (a list holds many); checked like <see cref="ParseAnswer(BinaryData, string)"/>.</summary>
    public static BatchState ParseAnswer(JsonElement batch, string action)
    {
        if (batch.ValueKind != JsonValueKind.Object)
        {
            throw ServiceAnswers.Invalid(action, $"a batch in it is JSON {batch.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        BatchIds.RequireAnswered(Text(batch, "id"), action);
        return Parse(batch);
    }

    private static IReadOnlyList<BatchError> Errors(JsonElement batch)
    {
        var result = new List<BatchError>();
        if (!batch.TryGetProperty("errors", out JsonElement errors) || errors.ValueKind != JsonValueKind.Object
            || !errors.TryGetProperty("data", out JsonElement data))
        {
            return result;
        }

        // The Azure swagger types data as one object; the service sends a list. Take either.
        IEnumerable<JsonElement> items = data.ValueKind == JsonValueKind.Array ? data.EnumerateArray() : new[] { data };
        foreach (JsonElement item in items)
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                result.Add(new BatchError(Text(item, "code") ?? "unknown", Text(item, "message") ?? string.Empty, Text(item, "param"), Line(item)));
            }
        }

        return result;
    }

    private static long? Line(JsonElement item)
    {
        if (!item.TryGetProperty("line", out JsonElement line))
        {
            return null;
        }

        return line.ValueKind switch
        {
            JsonValueKind.Number when line.TryGetInt64(out long n) => n,
            JsonValueKind.String when long.TryParse(line.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) => n,
            _ => null,
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : 0;

    private static DateTime? Time(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long seconds) && seconds is >= MinUnixSeconds and <= MaxUnixSeconds)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds).LocalDateTime;
        }

        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
        {
            return parsed.LocalDateTime;
        }

        return null;
    }
}
