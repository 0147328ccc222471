using System.Text.RegularExpressions;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Batches;

/// <summary>
/// The shape of a batch id: batch_&lt;uuid&gt; as the service gives them, or batch_&lt;32 hex&gt; as the
/// spec's examples write them. An id goes into request paths (/openai/batches/{id}) and names
/// nothing else; anything of another shape ("..", "../../x") is refused before a request is made.
/// </summary>
public static class BatchIds
{
    private static readonly Regex Shape = new(
        "^batch_(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{32})\\z",
        RegexOptions.CultureInvariant);

    public static bool IsValid(string? id) => id is not null && Shape.IsMatch(id);

    /// <summary>An id a user gave (-Id, a job, a state file).</summary>
    public static string RequireGiven(string? id)
    {
        if (!IsValid(id))
        {
            string shown = Redaction.Value(id);
            throw new BlobBatchException(
                "InvalidBatchId", ErrorKind.InvalidArgument,
                $"{shown} is not a batch id: the service's ids look like batch_<uuid> (batch_b632a805-797b-49ed-9c9c-86eb4057f2a2). Get-BlobBatch lists them.",
                shown);
        }

        return id!;
    }

    /// <summary>An id the service answered with: a hostile or broken answer must not become a path.</summary>
    public static string RequireAnswered(string? id, string action)
    {
        if (!IsValid(id))
        {
            throw ServiceAnswers.Invalid(action, $"its batch id {Redaction.Value(id)} is not of the service's shape (batch_<uuid>)");
        }

        return id!;
    }
}
