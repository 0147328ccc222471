using System;
using System.Text.RegularExpressions;
using System.Threading;
using Azure.Identity;

namespace BlobBatch.Core.Errors;

/// <summary>
/// The one place sign-in failures become BlobBatch errors: a stable id, the sign-in that was tried,
/// the audience, and the fix for that sign-in. The SDK's own first line is kept (it carries codes
/// such as AADSTS700016) with any URL query removed.
/// </summary>
public static class IdentityErrors
{
    private const int LongestDetail = 300;
    private static readonly Regex UrlQuery = new(@"(https?://[^\s?#""']+)\?[^\s""']*", RegexOptions.CultureInvariant);

    public static bool IsSignInFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is CredentialUnavailableException or AuthenticationFailedException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static BlobBatchException FromSignIn(Exception ex, string signIn, string audience)
    {
        bool unavailable = ex is CredentialUnavailableException;
        string errorId = unavailable ? "CredentialUnavailable" : "AuthenticationFailed";
        string what = unavailable ? "found no usable sign-in" : "failed";
        return new BlobBatchException(
            errorId, ErrorKind.AuthenticationFailed,
            $"Signing in with {signIn} for {audience} {what}: {Detail(ex)} Fix: {FixFor(signIn)}",
            signIn, ex);
    }

    /// <summary>What to do for each sign-in, in the words its users know.</summary>
    public static string FixFor(string signIn) => signIn switch
    {
        var s when s.StartsWith("ManagedIdentity", StringComparison.Ordinal) =>
            "run where a managed identity is on (the Automation account's, the VM's or the App Service's identity turned on; with -AccountId its client id), or choose another -TokenSource, or pass -ApiKey.",
        "WorkloadIdentity" =>
            "set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (a pipeline's workload identity federation sets them), or pass -ApiKey.",
        "AzurePowerShell" =>
            "run Connect-AzAccount, or pipe Get-AzContext into Connect-BlobBatch, or pass -ApiKey.",
        var s when s.StartsWith("AzContext", StringComparison.Ordinal) =>
            "run Connect-AzAccount (the Az sign-in is missing or has expired), then Connect-BlobBatch again, or pass -ApiKey.",
        "AzureCli" =>
            "run az login (in a pipeline: the azure/login step or an AzureCLI task), or pass -ApiKey.",
        "Environment" =>
            "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), or pass -ApiKey.",
        _ =>
            "sign in with az login or Connect-AzAccount, run where a managed identity is on, or choose one with -TokenSource; or pass -ApiKey (and a SAS or connection string for storage).",
    };

    private static string Detail(Exception ex)
    {
        string message = ex is OperationCanceledException ? "the sign-in timed out." : ex.Message;
        string first = message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } lines ? lines[0].Trim() : ex.GetType().Name;
        first = UrlQuery.Replace(first, "$1");
        return first.Length > LongestDetail ? first.Substring(0, LongestDetail) + "…" : first;
    }
}
