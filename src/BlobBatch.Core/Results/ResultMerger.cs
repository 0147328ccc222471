using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>
/// Merges the downloaded results and errors files of a run's batches into one results.jsonl and one
/// errors.jsonl, counting each request. A line that cannot be read is reported and does not stop the
/// rest: when its custom_id can still be found, an error line (code invalid_result_line) stands in
/// for it, so the request counts as failed and a retry resubmits it.
/// </summary>
internal sealed class ResultMerger
{
    /// <summary>No answer the service writes comes near this; a longer line is skipped, not held in memory.</summary>
    public const long MaxLineBytes = 256L * 1024 * 1024;

    private readonly RunSummary _summary;
    private readonly Outcomes? _outcomes;
    private readonly Reconciler _reconciler;
    private readonly Action<BatchResult>? _onResult;
    private readonly Action<BlobBatchException>? _onInvalidLine;
    private readonly List<string> _failedIds = new();
    private readonly List<string> _invalidLines = new();
    private FileStream? _results;
    private FileStream? _errors;

    public ResultMerger(RunSummary summary, Outcomes? outcomes, Reconciler reconciler, Action<BatchResult>? onResult, Action<BlobBatchException>? onInvalidLine)
    {
        _summary = summary;
        _outcomes = outcomes;
        _reconciler = reconciler;
        _onResult = onResult;
        _onInvalidLine = onInvalidLine;
    }

    /// <summary>Writes both files beside their final names and renames them into place (replacing only with <paramref name="overwrite"/>).</summary>
    public void Merge(IEnumerable<DownloadedFile> downloads, bool overwrite)
    {
        string resultsTemp = OutputPaths.TempPathFor(_summary.ResultsPath);
        string errorsTemp = OutputPaths.TempPathFor(_summary.ErrorsPath);
        try
        {
            using (_results = new FileStream(resultsTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (_errors = new FileStream(errorsTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                foreach (DownloadedFile file in downloads)
                {
                    MergeFile(file);
                }
            }

            _summary.FailedIds = _failedIds;
            _summary.InvalidLines = _invalidLines;
            OutputPaths.MoveIntoPlace(resultsTemp, _summary.ResultsPath, overwrite);
            OutputPaths.MoveIntoPlace(errorsTemp, _summary.ErrorsPath, overwrite);
        }
        finally
        {
            OutputPaths.DeleteQuietly(resultsTemp);
            OutputPaths.DeleteQuietly(errorsTemp);
        }
    }

    private void MergeFile(DownloadedFile file)
    {
        using var reader = new JsonlLineReader(File.OpenRead(file.Path), MaxLineBytes);
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            if (reader.LineTooLong)
            {
                Invalid(new ResultLineProblem(file.BatchId, file.Name, reader.LineNumber, $"the line is longer than {MaxLineBytes:N0} bytes", null), file.Attempt);
            }
            else if (line.Count == 0)
            {
                continue;
            }
            else if (ResultLineParser.TryParse(line, file.BatchId, out BatchResult? result, out string? problem))
            {
                Accept(line, result!, file.Attempt);
            }
            else
            {
                Invalid(new ResultLineProblem(file.BatchId, file.Name, reader.LineNumber, problem!, CustomIdOf(line)), file.Attempt);
            }
        }
    }

    private void Accept(ArraySegment<byte> line, BatchResult result, int attempt)
    {
        if (_outcomes is not null && !_outcomes.IsLatest(result.CustomId, attempt))
        {
            return;
        }

        Count(result);
        _reconciler.AddResult(result.CustomId);
        FileStream target = result.Succeeded ? _results! : _errors!;
        target.Write(line.Array!, line.Offset, line.Count);
        target.WriteByte((byte)'\n');
        _onResult?.Invoke(result);
    }

    private void Invalid(ResultLineProblem problem, int attempt)
    {
        _invalidLines.Add(problem.ToString());
        _onInvalidLine?.Invoke(problem.ToError());
        if (problem.CustomId is string customId)
        {
            byte[] standIn = StandInErrorLine(customId, problem);
            ResultLineParser.TryParse(new ArraySegment<byte>(standIn), problem.BatchId, out BatchResult? result, out _);
            Accept(new ArraySegment<byte>(standIn), result!, attempt);
        }
    }

    // The shape of the service's own non-HTTP failures: {"custom_id":…,"response":null,"error":{"code":…,"message":…}}.
    private static byte[] StandInErrorLine(string customId, ResultLineProblem problem)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("custom_id", customId);
            writer.WriteNull("response");
            writer.WriteStartObject("error");
            writer.WriteString("code", ResultLineProblem.ErrorCode);
            writer.WriteString("message", $"The result line could not be read ({problem.Where}): {problem.Problem}");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? CustomIdOf(ArraySegment<byte> line)
    {
        try
        {
            return JsonlIds.CustomIdOf(line) is { Length: > 0 } id ? id : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private void Count(BatchResult result)
    {
        _summary.Requests++;
        if (result.Succeeded)
        {
            _summary.Succeeded++;
        }
        else
        {
            _summary.Failed++;
            _failedIds.Add(result.CustomId);
        }

        _summary.PromptTokens += result.PromptTokens ?? 0;
        _summary.CompletionTokens += result.CompletionTokens ?? 0;
        _summary.AddUsage(result);
    }
}
