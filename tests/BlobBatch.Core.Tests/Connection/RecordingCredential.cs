using Azure.Core;
using Azure.Identity;

namespace BlobBatch.Core.Tests.Connection;

/// <summary>A credential that records what it is asked for; it hands out short-lived tokens or fails as told.</summary>
internal sealed class RecordingCredential : TokenCredential
{
    private readonly List<string> _scopes = new();

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, every call fails with it (after recording), so no request leaves the client.</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return _scopes.ToList();
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_scopes)
        {
            _scopes.Add(string.Join(" ", requestContext.Scopes));
        }

        await Task.Delay(20, cancellationToken);
        if (Failure is not null)
        {
            throw Failure;
        }

        return new AccessToken("token-" + Guid.NewGuid().ToString("n"), DateTimeOffset.UtcNow + Lifetime);
    }

    public static CredentialUnavailableException Unavailable() => new("stand-in: no sign-in here");
}
