using Azure.Core;

namespace BlobBatch.Emulator.Tests.Infrastructure;

/// <summary>An Entra credential that always hands out the same token, so the official client sends Authorization: Bearer.</summary>
public sealed class FixedTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
