using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Input;

/// <summary>Failures of an input line, named by our id with the service's own code in the message.</summary>
internal static class InputErrors
{
    public static BlobBatchException Line(string errorId, string serviceCode, string where, string problem) =>
        new(errorId, ErrorKind.InvalidData, $"{where}: {problem} (the service would fail the batch with {serviceCode}).", where);
}
