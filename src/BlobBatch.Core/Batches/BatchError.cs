namespace BlobBatch.Core.Batches;

/// <summary>One entry of a failed batch's errors.data: why validation refused the input, and where.</summary>
public sealed class BatchError
{
    public BatchError(string code, string message, string? param, long? line)
    {
        Code = code;
        Message = message;
        Param = param;
        Line = line;
    }

    public string Code { get; }

    public string Message { get; }

    public string? Param { get; }

    public long? Line { get; }

    public override string ToString() => Line is null ? $"{Code}: {Message}" : $"{Code} (line {Line}): {Message}";
}
