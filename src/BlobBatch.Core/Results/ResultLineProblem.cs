using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Results;

/// <summary>
/// A line of a batch's results or errors file that could not be read (not JSON, not an object, too
/// deep, too long). It is reported and counted; the lines around it are saved.
/// </summary>
public sealed class ResultLineProblem
{
    public const string ErrorCode = "invalid_result_line";

    public ResultLineProblem(string batchId, string file, long line, string problem, string? customId)
    {
        BatchId = batchId;
        File = file;
        Line = line;
        Problem = problem;
        CustomId = customId;
    }

    public string BatchId { get; }

    /// <summary>results.jsonl or errors.jsonl.</summary>
    public string File { get; }

    public long Line { get; }

    public string Problem { get; }

    /// <summary>The line's custom_id when it could still be found; that request is then counted as failed.</summary>
    public string? CustomId { get; }

    public string Where => $"batch {BatchId} {File} line {Line}";

    public override string ToString() => $"{Where}: {Problem}" + (CustomId is null ? string.Empty : $" (custom_id '{CustomId}')");

    public BlobBatchException ToError() =>
        new("InvalidResultLine", ErrorKind.InvalidData,
            $"Line {Line} of {File} of batch {BatchId} could not be read: {Problem}. The other lines were saved; summary.json lists it under invalidLines"
            + (CustomId is null ? "." : $", and request '{CustomId}' is counted as failed ({ErrorCode})."),
            Where);
}
