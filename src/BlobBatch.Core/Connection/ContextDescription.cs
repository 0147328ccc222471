using System.Collections.Generic;

namespace BlobBatch.Core.Connection;

/// <summary>A context in the few lines Connect-BlobBatch shows: where batches run, where files live, how each signs in, and who.</summary>
public static class ContextDescription
{
    public static IReadOnlyList<string> Lines(BlobBatchContext context)
    {
        var lines = new List<string>
        {
            $"Azure OpenAI  {context.Endpoint} (api-version {context.ApiVersion}, {Auth(context.OpenAIAuth)}; {context.Environment})",
            $"Storage       {context.BlobEndpoint} ({Auth(context.StorageAuth)}): input '{context.InputContainer}', output '{context.OutputContainer}'",
        };
        if (context.SignIn is string signIn)
        {
            lines.Add(context.SignedInAs is string who
                ? $"Signed in     as {who} ({signIn})"
                : $"Sign-in       {signIn}, on first use");
        }

        return lines;
    }

    private static string Auth(OpenAIAuthMethod method) => method == OpenAIAuthMethod.ApiKey ? "API key" : "Microsoft Entra token";

    private static string Auth(StorageAuthMethod method) => method switch
    {
        StorageAuthMethod.SasToken => "SAS",
        StorageAuthMethod.ConnectionString => "connection string",
        _ => "Microsoft Entra token",
    };
}
