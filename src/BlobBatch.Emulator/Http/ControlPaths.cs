namespace BlobBatch.Emulator.Http;

/// <summary>Recognises control-plane paths and names their operation, for auth, api-version rules and fault matching.</summary>
public static class ControlPaths
{
    public const string ClassicPrefix = "/openai";
    public const string V1Prefix = "/openai/v1";

    public static bool IsControl(PathString path) => path.StartsWithSegments(ClassicPrefix, StringComparison.OrdinalIgnoreCase);

    public static bool IsV1(PathString path) => path.StartsWithSegments(V1Prefix, StringComparison.OrdinalIgnoreCase);

    public static string OperationOf(HttpRequest request)
    {
        PathString path = request.Path;
        PathString rest;
        if (!path.StartsWithSegments(V1Prefix, StringComparison.OrdinalIgnoreCase, out rest))
        {
            path.StartsWithSegments(ClassicPrefix, StringComparison.OrdinalIgnoreCase, out rest);
        }

        string[] segments = (rest.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        string method = request.Method.ToUpperInvariant();
        return segments switch
        {
            ["batches"] => method == "POST" ? "create" : "list",
            ["batches", _] => "get",
            ["batches", _, "cancel"] => "cancel",
            ["files"] => method == "POST" ? "file-upload" : "file-list",
            ["files", _] => method == "DELETE" ? "file-delete" : "file-get",
            ["files", _, "content"] => "file-content",
            _ => "other",
        };
    }
}
