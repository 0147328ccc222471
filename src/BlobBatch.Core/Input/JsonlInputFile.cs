using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input;

/// <summary>The passes over an existing JSONL input, for progress: every file is checked; one over a limit is then split.</summary>
public enum JsonlPass
{
    Checking,
    Splitting,
}

/// <summary>
/// Takes an existing JSONL input: validates it with the service's rules in one streaming pass and,
/// only when it exceeds a limit, copies its lines into parts in a second pass. A file within the
/// limits is used as it is.
/// </summary>
public static class JsonlInputFile
{
    // What the service answers for a file with a UTF-8 byte order mark.
    private const string BomMessage = "the file starts with a UTF-8 byte order mark, which the service rejects with \"A valid model deployment name couldn't be extracted from the input file\". Save it as UTF-8 without BOM";

    /// <param name="onRead">Called after each line with the pass and the bytes of the file read so far in it (cheap: a caller throttles).</param>
    /// <param name="cancellationToken">Checked between lines; a cancelled split leaves no part behind.</param>
    public static BatchInputResult Prepare(
        string path, string? expectedDeployment, SplitLimits limits, TokenCounter tokens, bool force,
        Action<JsonlPass, long>? onRead = null, CancellationToken cancellationToken = default)
    {
        string fullPath = LocalPaths.Full(path);
        var lineTokens = new List<long>();
        JsonlInspection inspection = Inspect(fullPath, expectedDeployment, limits, tokens, lineTokens, onRead, cancellationToken);

        bool fits = inspection.Requests <= limits.MaxRequests && inspection.Bytes <= limits.MaxBytes
            && (limits.MaxTokens is not long budget || inspection.EstimatedTokens <= budget);
        if (fits)
        {
            var whole = new BatchInputPart(fullPath, 1, 1, (int)inspection.Requests, inspection.Bytes, inspection.EstimatedTokens);
            return new BatchInputResult(new[] { whole }, inspection.Deployment, inspection.Endpoint, null);
        }

        if (!limits.AllowSplit)
        {
            throw new BlobBatchException(
                "TooManyTasks", ErrorKind.InvalidData,
                $"{fullPath} holds {inspection.Requests:N0} requests in {inspection.Bytes:N0} bytes, over the limit of {limits.MaxRequests:N0} requests and {limits.MaxBytes:N0} bytes per file (the service would fail it with too_many_tasks). Leave out -NoSplit to split it.",
                fullPath);
        }

        return new BatchInputResult(Split(fullPath, fullPath, limits, force, lineTokens, onRead, cancellationToken), inspection.Deployment, inspection.Endpoint, null);
    }

    /// <summary>
    /// Splits a part into parts of at most <paramref name="maxTokens"/> estimated input tokens each, named
    /// after <paramref name="targetPath"/> (target.part001.jsonl, …); the lines, and so the custom ids, are unchanged.
    /// The same source and budget always give the same parts, so a resumed run finds them again.
    /// </summary>
    public static IReadOnlyList<BatchInputPart> SplitByTokens(string sourcePath, string targetPath, long maxTokens, TokenCounter tokens)
    {
        string fullPath = Path.GetFullPath(sourcePath);
        var limits = new SplitLimits { MaxTokens = maxTokens };
        var lineTokens = new List<long>();
        Inspect(fullPath, null, limits, tokens, lineTokens);

        // Derived files of our own, written the same way each time: replacing an earlier split is safe.
        return Split(fullPath, Path.GetFullPath(targetPath), limits, force: true, lineTokens, null, CancellationToken.None);
    }

    public static JsonlInspection Inspect(
        string fullPath, string? expectedDeployment, SplitLimits limits, TokenCounter tokens, List<long>? lineTokens = null,
        Action<JsonlPass, long>? onRead = null, CancellationToken cancellationToken = default)
    {
        // A line is never longer than a whole part may be: reading stops there, so a file without line breaks costs that much memory, not its size.
        using var reader = new JsonlLineReader(InputFiles.OpenRead(fullPath), limits.MaxBytes - 1);
        RequireUtf8WithoutBom(reader, fullPath);

        using var inspector = new RequestLineInspector(fullPath, expectedDeployment, tokens);
        long requests = 0, bytes = 0, totalTokens = 0, firstBlank = 0;
        using var lines = new ParallelLineInspection(inspector, tokens, lineCost =>
        {
            lineTokens?.Add(lineCost);
            totalTokens += lineCost;
            requests++;
        });
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.LineTooLong)
            {
                lines.Drain();
                throw LineTooLarge(fullPath, reader.LineNumber, "longer", limits.MaxBytes);
            }

            bytes += line.Count + 1;
            if (IsBlank(line))
            {
                firstBlank = firstBlank == 0 ? reader.LineNumber : firstBlank;
                continue;
            }

            // An offence found here still comes after any in the lines before it.
            if (firstBlank != 0)
            {
                lines.Drain();
                throw InputErrors.Line("InvalidJsonLine", "invalid_json_line", $"{fullPath} line {firstBlank}", "the line is empty");
            }

            if (line.Count + 1 > limits.MaxBytes)
            {
                lines.Drain();
                throw LineTooLarge(fullPath, reader.LineNumber, $"{line.Count + 1:N0} bytes, longer", limits.MaxBytes);
            }

            lines.Add(line, reader.LineNumber);
            onRead?.Invoke(JsonlPass.Checking, bytes);
        }

        lines.Drain();
        inspector.Finish();
        if (requests == 0)
        {
            throw new BlobBatchException(
                "EmptyInput", ErrorKind.InvalidData, $"{fullPath} has no requests (the service would fail it with empty_file).", fullPath);
        }

        reader.Dispose();
        return new JsonlInspection(requests, new FileInfo(fullPath).Length, totalTokens, inspector.Deployment!, inspector.Endpoint);
    }

    private static BlobBatchException LineTooLarge(string fullPath, long lineNumber, string size, long maxBytes) =>
        new("LineTooLarge", ErrorKind.InvalidData,
            $"{fullPath} line {lineNumber} is {size} than a whole input file may be ({maxBytes:N0} bytes).",
            $"{fullPath} line {lineNumber}");

    private static IReadOnlyList<BatchInputPart> Split(
        string fullPath, string targetPath, SplitLimits limits, bool force, List<long> lineTokens, Action<JsonlPass, long>? onRead, CancellationToken cancellationToken)
    {
        using var reader = new JsonlLineReader(InputFiles.OpenRead(fullPath));
        // The source keeps its name; only the part files it splits into are new.
        using var parts = new PartFileSet(targetPath, limits, force, checkTargetNow: false);
        int index = 0;
        long bytes = 0;
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            cancellationToken.ThrowIfCancellationRequested();
            bytes += line.Count + 1;
            if (!IsBlank(line))
            {
                parts.Append(line, lineTokens[index++], $"{fullPath} line {reader.LineNumber}");
            }

            onRead?.Invoke(JsonlPass.Splitting, bytes);
        }

        return parts.Complete();
    }

    private static void RequireUtf8WithoutBom(JsonlLineReader reader, string fullPath)
    {
        ArraySegment<byte> head = reader.Peek(3);
        byte[] b = head.Array!;
        int o = head.Offset;
        if (head.Count >= 3 && b[o] == 0xEF && b[o + 1] == 0xBB && b[o + 2] == 0xBF)
        {
            throw InputErrors.Line("InputHasBom", "invalid_request", $"{fullPath} line 1", BomMessage);
        }

        if (head.Count >= 2 && ((b[o] == 0xFF && b[o + 1] == 0xFE) || (b[o] == 0xFE && b[o + 1] == 0xFF)))
        {
            throw InputErrors.Line("InputNotUtf8", "invalid_json_line", $"{fullPath} line 1", "the file is UTF-16; save it as UTF-8 without BOM");
        }
    }

    private static bool IsBlank(ArraySegment<byte> line)
    {
        for (int i = line.Offset; i < line.Offset + line.Count; i++)
        {
            byte c = line.Array![i];
            if (c != (byte)' ' && c != (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }
}
