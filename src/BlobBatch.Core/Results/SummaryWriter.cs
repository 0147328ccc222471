using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>summary.json: the run's counts and lists, written last so its presence means the results beside it are complete.</summary>
public static class SummaryWriter
{
    public const string FileName = "summary.json";

    public static void Write(string folder, RunSummary summary, bool overwrite)
    {
        string path = Path.Combine(folder, FileName);
        string temp = OutputPaths.TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                WriteJson(stream, summary);
            }

            OutputPaths.MoveIntoPlace(temp, path, overwrite);
        }
        finally
        {
            OutputPaths.DeleteQuietly(temp);
        }
    }

    private static void WriteJson(Stream stream, RunSummary summary)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("requests", summary.Requests);
        writer.WriteNumber("succeeded", summary.Succeeded);
        writer.WriteNumber("failed", summary.Failed);
        writer.WriteNumber("promptTokens", summary.PromptTokens);
        writer.WriteNumber("completionTokens", summary.CompletionTokens);
        Usage.RunSummaryJson.WriteUsage(writer, summary);
        WriteList(writer, "batchIds", summary.BatchIds);
        WriteList(writer, "statuses", summary.Statuses);
        writer.WriteNumber("notRun", summary.NotRun);
        writer.WriteBoolean("reconciled", summary.Reconciled);
        WriteList(writer, "failedIds", summary.FailedIds);
        WriteList(writer, "notRunIds", summary.NotRunIds);
        WriteList(writer, "reconciliationProblems", summary.ReconciliationProblems);
        WriteList(writer, "validationErrors", summary.ValidationErrors);
        WriteList(writer, "invalidLines", summary.InvalidLines);
        Usage.RunSummaryJson.WriteBatches(writer, summary);
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
