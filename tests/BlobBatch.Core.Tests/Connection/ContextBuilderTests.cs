using System.Net;
using System.Security;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Tests.Connection;

public class ContextBuilderTests
{
    private const string Endpoint = "https://contoso.openai.azure.com";

    [Fact]
    public void StorageAccountWithoutKeyUsesEntraForBoth()
    {
        BlobBatchContext context = ContextBuilder.Build(new ContextOptions { Endpoint = Endpoint + "/some/path", StorageAccount = "contosobatch" });

        Assert.Equal(new Uri(Endpoint), context.Endpoint);
        Assert.Equal(new Uri("https://contosobatch.blob.core.windows.net"), context.BlobEndpoint);
        Assert.Equal(OpenAIAuthMethod.EntraToken, context.OpenAIAuth);
        Assert.Equal(StorageAuthMethod.EntraToken, context.StorageAuth);
        Assert.Equal(TokenSource.Default, context.TokenSource);
        Assert.Equal("https://contosobatch.blob.core.windows.net/batch-input", context.InputContainerUri.AbsoluteUri);
    }

    [Fact]
    public void ConnectionStringGivesEndpointAndAccountButKeepsTheKeyPrivate()
    {
        const string key = "c2VjcmV0LWtleS1jYW5hcnk=";
        string connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

        BlobBatchContext context = ContextBuilder.Build(new ContextOptions
        {
            Endpoint = "http://127.0.0.1:5000", ApiKey = Secret("k"), StorageConnectionString = Secret(connection),
        });

        Assert.Equal("devstoreaccount1", context.StorageAccount);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", context.BlobEndpoint.AbsoluteUri);
        Assert.Equal(StorageAuthMethod.ConnectionString, context.StorageAuth);
        Assert.Null(context.TokenSource);
        Assert.DoesNotContain(key, context.ToString());
        Assert.DoesNotContain(typeof(BlobBatchContext).GetProperties(), p => p.PropertyType == typeof(SecureString));
    }

    [Theory]
    [InlineData("not a uri", "InvalidEndpoint")]
    [InlineData("http://contoso.openai.azure.com", "InsecureEndpoint")]
    [InlineData("", "EndpointNotSpecified")]
    public void BadEndpointsHaveStableIds(string endpoint, string errorId)
    {
        var ex = Assert.Throws<BlobBatchException>(() => ContextBuilder.Build(new ContextOptions { Endpoint = endpoint, StorageAccount = "contosobatch" }));
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("-abc")]
    [InlineData("abc-")]
    [InlineData("ab--cd")]
    [InlineData("ABC")]
    public void ContainerNamesFollowAzureRules(string name)
    {
        var ex = Assert.Throws<BlobBatchException>(() => ContextBuilder.Build(new ContextOptions { Endpoint = Endpoint, StorageAccount = "contosobatch", OutputContainer = name }));
        Assert.Equal("InvalidContainerName", ex.ErrorId);
    }

    [Fact]
    public void SasCannotJoinAConnectionString()
    {
        var ex = Assert.Throws<BlobBatchException>(() => ContextBuilder.Build(new ContextOptions
        {
            Endpoint = Endpoint,
            StorageConnectionString = Secret("UseDevelopmentStorage=true"),
            StorageSasToken = Secret("sv=1&sig=x"),
        }));
        Assert.Equal("ConflictingStorageOptions", ex.ErrorId);
    }

    [Theory]
    [InlineData("2025-04-01-preview", true)]
    [InlineData("2025-07-01-preview", true)]
    [InlineData("2026-01-01", true)]
    [InlineData("v1", true)]
    [InlineData("2025-03-01-preview", false)]
    [InlineData("2024-10-21", false)]
    public void BlobModeStartsWith20250401Preview(string version, bool supported) =>
        Assert.Equal(supported, ApiVersions.SupportsBlobMode(version));

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://10.0.0.1:5000", false)]
    [InlineData("http://contoso.com", false)]
    public void OnlyLoopbackMayUseHttp(string uri, bool allowed)
    {
        Exception? failure = Record.Exception(() => EndpointPolicy.RequireSecure(new Uri(uri), "endpoint"));
        Assert.Equal(allowed, failure is null);
    }

    private static SecureString Secret(string text) => new NetworkCredential(string.Empty, text).SecurePassword;
}
