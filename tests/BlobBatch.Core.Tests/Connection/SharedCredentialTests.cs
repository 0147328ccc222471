using Azure.Core;
using Azure.Identity;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Tests.Connection;

public class SharedCredentialTests
{
    private static readonly TokenRequestContext OpenAI = new(new[] { "https://cognitiveservices.azure.com/.default" });
    private static readonly TokenRequestContext Storage = new(new[] { "https://storage.azure.com/.default" });

    [Fact]
    public async Task FetchesOncePerAudienceEvenWhenManyAskAtOnce()
    {
        var inner = new RecordingCredential();
        var shared = new SharedCredential(inner, "AzureCli");

        AccessToken[] tokens = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => shared.GetTokenAsync(i % 2 == 0 ? OpenAI : Storage, CancellationToken.None).AsTask()));

        Assert.Equal(2, inner.Scopes.Count);
        Assert.Equal(2, shared.Fetches);
        Assert.Single(tokens.Where((_, i) => i % 2 == 0).Select(t => t.Token).Distinct());
    }

    [Fact]
    public async Task FetchesAgainWhenTheTokenIsAboutToExpire()
    {
        var inner = new RecordingCredential { Lifetime = TimeSpan.FromMinutes(4) };
        var shared = new SharedCredential(inner, "ManagedIdentity (system-assigned)");

        AccessToken first = await shared.GetTokenAsync(OpenAI, CancellationToken.None);
        AccessToken second = await shared.GetTokenAsync(OpenAI, CancellationToken.None);

        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(2, shared.Fetches);
    }

    [Theory]
    [InlineData(true, "CredentialUnavailable", "run az login")]
    [InlineData(false, "AuthenticationFailed", "run az login")]
    public async Task SignInFailuresBecomeErrorsWithTheSourceAndTheFix(bool unavailable, string errorId, string fix)
    {
        var inner = new RecordingCredential
        {
            Failure = unavailable
                ? RecordingCredential.Unavailable()
                : new AuthenticationFailedException("AADSTS700016: see https://login.example/x?secret=leak"),
        };
        var shared = new SharedCredential(inner, "AzureCli");

        var ex = await Assert.ThrowsAsync<BlobBatchException>(() => shared.GetTokenAsync(OpenAI, CancellationToken.None).AsTask());

        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(ErrorKind.AuthenticationFailed, ex.Kind);
        Assert.Contains("AzureCli", ex.Message);
        Assert.Contains("https://cognitiveservices.azure.com/.default", ex.Message);
        Assert.Contains(fix, ex.Message);
        Assert.DoesNotContain("secret=leak", ex.Message);
    }
}
