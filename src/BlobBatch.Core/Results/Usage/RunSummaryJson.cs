using System;
using System.Globalization;
using System.Text.Json;

namespace BlobBatch.Core.Results.Usage;

/// <summary>The parts of summary.json beyond the counts: usage details, the price and cost, why requests did not run, and each batch's timing.</summary>
internal static class RunSummaryJson
{
    public static void WriteUsage(Utf8JsonWriter writer, RunSummary summary)
    {
        writer.WriteNumber("cachedPromptTokens", summary.CachedPromptTokens);
        writer.WriteNumber("reasoningTokens", summary.ReasoningTokens);
        writer.WriteStartArray("models");
        foreach (string model in summary.Models)
        {
            writer.WriteStringValue(model);
        }

        writer.WriteEndArray();
        if (summary.Price is TokenPrice price)
        {
            writer.WriteStartObject("pricePerMillionTokens");
            writer.WriteNumber("input", price.Input);
            writer.WriteNumber("cachedInput", price.CachedInput);
            writer.WriteNumber("output", price.Output);
            writer.WriteEndObject();
            writer.WriteNumber("cost", summary.Cost!.Value);
        }
    }

    public static void WriteBatches(Utf8JsonWriter writer, RunSummary summary)
    {
        if (summary.NotRunReason is string reason)
        {
            writer.WriteString("notRunReason", reason);
        }

        WriteSeconds(writer, "seconds", summary.Duration);
        writer.WriteStartArray("batches");
        foreach (BatchOutcome batch in summary.Batches)
        {
            writer.WriteStartObject();
            writer.WriteString("batchId", batch.BatchId);
            writer.WriteNumber("partNumber", batch.PartNumber);
            writer.WriteNumber("attempt", batch.Attempt);
            writer.WriteString("status", batch.Status);
            WriteTime(writer, "createdAt", batch.CreatedAt);
            WriteTime(writer, "endedAt", batch.EndedAt);
            WriteSeconds(writer, "seconds", batch.Duration);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // Round-trip UTC, whatever the machine's zone: the file outlives the session.
    private static void WriteTime(Utf8JsonWriter writer, string name, DateTime? time)
    {
        if (time is DateTime value)
        {
            writer.WriteString(name, value.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteSeconds(Utf8JsonWriter writer, string name, TimeSpan? duration)
    {
        if (duration is TimeSpan value)
        {
            writer.WriteNumber(name, Math.Round(value.TotalSeconds, 3));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
