using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;

namespace BlobBatch.Infrastructure;

/// <summary>
/// Tokens from the Az sign-in of this PowerShell session: Get-AzAccessToken, run on the pipeline thread
/// of the BlobBatch cmdlet that needs the token (PowerShell commands may only run there). Az.Accounts
/// before 5.0 returns the token as a string, 5.0 and later as a SecureString; both are read. The
/// context's shared credential caches the tokens and asks again before they expire.
/// </summary>
internal sealed class AzSessionCredential : TokenCredential
{
    // -WarningAction: Az.Accounts 2.x-4.x warns on every call that the token type will change.
    private const string GetTokenScript =
        "param($ResourceUrl, $AzContext) Get-AzAccessToken -ResourceUrl $ResourceUrl -DefaultProfile $AzContext -ErrorAction Stop -WarningAction SilentlyContinue";

    private readonly PSObject _azContext;

    public AzSessionCredential(PSObject azContext) => _azContext = azContext;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        string resource = ResourceOf(requestContext);
        AsyncPSCmdlet cmdlet = AsyncPSCmdlet.Running ?? throw new CredentialUnavailableException(
            "Az tokens are fetched while a BlobBatch command runs, and none is running.");
        try
        {
            return await cmdlet.InvokeOnPipelineAsync(() => Fetch(cmdlet, resource)).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new CredentialUnavailableException("The BlobBatch command that needed the token has already ended.", ex);
        }
    }

    /// <summary>Runs on the pipeline thread.</summary>
    private AccessToken Fetch(PSCmdlet cmdlet, string resource)
    {
        Collection<PSObject> output;
        try
        {
            output = cmdlet.InvokeCommand.InvokeScript(true, ScriptBlock.Create(GetTokenScript), null, resource, _azContext);
        }
        catch (CommandNotFoundException ex)
        {
            throw new CredentialUnavailableException("Get-AzAccessToken is not available: install Az.Accounts and run Connect-AzAccount.", ex);
        }
        catch (RuntimeException ex)
        {
            throw new AuthenticationFailedException($"Get-AzAccessToken failed: {ex.Message}", ex);
        }

        PSObject result = output.FirstOrDefault(o => o is not null)
            ?? throw new AuthenticationFailedException("Get-AzAccessToken returned nothing.");
        string token = ReadToken(result.Properties["Token"]?.Value);
        DateTimeOffset expiresOn = ReadExpiry(result.Properties["ExpiresOn"]?.Value);
        return new AccessToken(token, expiresOn);
    }

    // "https://cognitiveservices.azure.com/.default" -> "https://cognitiveservices.azure.com": the resource Get-AzAccessToken takes.
    private static string ResourceOf(TokenRequestContext context)
    {
        string scope = context.Scopes.FirstOrDefault() ?? throw new CredentialUnavailableException("No token scope was asked for.");
        const string suffix = "/.default";
        return scope.EndsWith(suffix, StringComparison.Ordinal) ? scope.Substring(0, scope.Length - suffix.Length) : scope;
    }

    private static string ReadToken(object? value) => Unwrap(value) switch
    {
        string text when text.Length > 0 => text,
        SecureString secure when secure.Length > 0 => BlobBatch.Core.Connection.ContextSecrets.Reveal(secure),
        _ => throw new AuthenticationFailedException("Get-AzAccessToken returned no token."),
    };

    private static DateTimeOffset ReadExpiry(object? value) => Unwrap(value) switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        string text when DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) => parsed,
        // Without an expiry, keep the token briefly rather than for ever.
        _ => DateTimeOffset.UtcNow.AddMinutes(10),
    };

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
