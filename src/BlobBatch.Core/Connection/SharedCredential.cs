using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Connection;

/// <summary>
/// The one credential of a context. Every client of the context asks it for tokens; it fetches a
/// token once per audience and hands out the same one until five minutes before it expires (or
/// when the token says to refresh), so a sign-in that starts a process (az, pwsh) runs once per
/// audience, not once per client or call. Failures become BlobBatch errors that name the fix.
/// Thread-safe: one fetch at a time, callers that waited reuse its token.
/// </summary>
internal sealed class SharedCredential : TokenCredential
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly TokenCredential _inner;
    private readonly string _signIn;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);

    public SharedCredential(TokenCredential inner, string signIn)
    {
        _inner = inner;
        _signIn = signIn;
    }

    /// <summary>How many tokens were fetched from the underlying credential: one per audience while they stay fresh.</summary>
    public int Fetches { get; private set; }

    /// <summary>Who the tokens fetched so far were issued to (an account, an app, a managed identity); null before the first.</summary>
    public string? SignedInAs
    {
        get
        {
            lock (_tokens)
            {
                return _tokens.Values.Select(t => TokenIdentity.Describe(t.Token)).FirstOrDefault(who => who is not null);
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        string key = KeyOf(requestContext);
        if (TryGetFresh(key, out AccessToken token))
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryGetFresh(key, out token))
            {
                return token;
            }

            try
            {
                token = await _inner.GetTokenAsync(requestContext, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IdentityErrors.IsSignInFailure(ex, cancellationToken))
            {
                throw IdentityErrors.FromSignIn(ex, _signIn, string.Join(" ", requestContext.Scopes));
            }

            Fetches++;
            lock (_tokens)
            {
                _tokens[key] = token;
            }

            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool TryGetFresh(string key, out AccessToken token)
    {
        lock (_tokens)
        {
            if (_tokens.TryGetValue(key, out token))
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                bool refreshDue = token.RefreshOn is DateTimeOffset refreshOn && refreshOn <= now;
                return !refreshDue && token.ExpiresOn - RefreshMargin > now;
            }
        }

        return false;
    }

    private static string KeyOf(TokenRequestContext context) =>
        string.Join(" ", context.Scopes) + "|" + context.TenantId + "|" + context.Claims;
}
