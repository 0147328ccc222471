using System.Text;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Tests.Connection;

public class TokenIdentityTests
{
    [Theory]
    [InlineData("""{"upn":"alice@contoso.com","appid":"x"}""", "alice@contoso.com")]
    [InlineData("""{"preferred_username":"bob@contoso.com"}""", "bob@contoso.com")]
    [InlineData("""{"xms_mirid":"/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/batch-runner","appid":"x"}""", "managed identity batch-runner")]
    [InlineData("""{"app_displayname":"ci-pipeline","appid":"1234"}""", "app ci-pipeline")]
    [InlineData("""{"appid":"1234"}""", "app 1234")]
    [InlineData("""{"aud":"https://storage.azure.com"}""", null)]
    public void NamesWhoATokenWasIssuedTo(string claims, string? expected)
    {
        Assert.Equal(expected, TokenIdentity.Describe(Jwt(claims)));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.%%%.c")]
    public void ATokenThatIsNoJwtNamesNoOne(string token)
    {
        Assert.Null(TokenIdentity.Describe(token));
    }

    private static string Jwt(string claims) =>
        "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(Encoding.UTF8.GetBytes(claims)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".signature";
}
