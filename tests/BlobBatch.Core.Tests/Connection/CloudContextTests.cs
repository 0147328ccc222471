using Azure.Storage.Blobs;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Tests.Connection;

/// <summary>
/// Each cloud's storage host and token audiences, as the SDK clients receive them: a recording
/// credential sees what each client asks for and then fails, so no request leaves the machine.
/// </summary>
public class CloudContextTests
{
    [Theory]
    [InlineData("https://contoso.openai.azure.com", null, "AzureCloud", "https://contosobatch.blob.core.windows.net/",
        "https://cognitiveservices.azure.com/.default", "https://storage.azure.com/.default")]
    [InlineData("https://contoso.openai.azure.us", null, "AzureUSGovernment", "https://contosobatch.blob.core.usgovcloudapi.net/",
        "https://cognitiveservices.azure.us/.default", "https://contosobatch.blob.core.usgovcloudapi.net/.default")]
    [InlineData("https://contoso.openai.azure.cn", null, "AzureChinaCloud", "https://contosobatch.blob.core.chinacloudapi.cn/",
        "https://cognitiveservices.azure.cn/.default", "https://contosobatch.blob.core.chinacloudapi.cn/.default")]
    [InlineData("https://contoso.example.com", AzureEnvironment.AzureUSGovernment, "AzureUSGovernment", "https://contosobatch.blob.core.usgovcloudapi.net/",
        "https://cognitiveservices.azure.us/.default", "https://contosobatch.blob.core.usgovcloudapi.net/.default")]
    public async Task EachCloudGivesTheClientsItsHostsAndAudiences(
        string endpoint, AzureEnvironment? given, string environment, string blobEndpoint, string openAIScope, string storageScope)
    {
        var credential = new RecordingCredential { Failure = RecordingCredential.Unavailable() };
        BlobBatchContext context = ContextBuilder.Build(new ContextOptions
        {
            Endpoint = endpoint, Environment = given, StorageAccount = "contosobatch", Credential = credential, CredentialDescription = "stand-in",
        });

        Assert.Equal(environment, context.Environment.ToString());
        Assert.Equal(blobEndpoint, context.BlobEndpoint.AbsoluteUri);

        var openAIFailure = await Assert.ThrowsAsync<BlobBatchException>(() => BatchServiceClient.For(context).ListAsync(null, 1, CancellationToken.None));
        Assert.Equal("CredentialUnavailable", openAIFailure.ErrorId);
        await Assert.ThrowsAsync<BlobBatchException>(() => StorageClients.Container(context, "batch-input").ExistsAsync());

        Assert.Equal(new[] { openAIScope, storageScope }, credential.Scopes.Distinct());
    }

    [Fact]
    public void OneContextSharesOneCredentialAndOneClientPerService()
    {
        BlobBatchContext context = ContextBuilder.Build(new ContextOptions { Endpoint = "https://contoso.openai.azure.com", StorageAccount = "contosobatch", TokenSource = TokenSource.AzureCli });

        Assert.Same(BatchServiceClient.For(context), BatchServiceClient.For(context));
        Assert.Same(StorageClients.Service(context), StorageClients.Service(context));
        Assert.Same(context.Clients.Credential, context.Clients.Credential);
        Assert.Equal("AzureCli", context.SignIn);
    }

    [Theory]
    [InlineData("https://eastus.api.cognitive.microsoft.com")]
    [InlineData("https://swedencentral.api.cognitive.microsoft.com/")]
    [InlineData("https://usgovvirginia.api.cognitive.microsoft.us")]
    public void RegionalEndpointsAreRefusedWithTheFix(string endpoint)
    {
        var ex = Assert.Throws<BlobBatchException>(() => ContextBuilder.Build(new ContextOptions { Endpoint = endpoint, StorageAccount = "contosobatch" }));

        Assert.Equal("RegionalEndpoint", ex.ErrorId);
        Assert.Contains("custom subdomain", ex.Message);
        Assert.Contains("--custom-domain", ex.Message);
    }

    [Fact]
    public void AnEnvironmentThatContradictsTheEndpointIsRefused()
    {
        var ex = Assert.Throws<BlobBatchException>(() => ContextBuilder.Build(new ContextOptions
        {
            Endpoint = "https://contoso.openai.azure.us", Environment = AzureEnvironment.AzureChinaCloud, StorageAccount = "contosobatch",
        }));

        Assert.Equal("EnvironmentMismatch", ex.ErrorId);
    }

    [Fact]
    public void AzContextWithoutAnAzSignInIsRefused()
    {
        var ex = Assert.Throws<BlobBatchException>(() => ContextBuilder.Build(new ContextOptions
        {
            Endpoint = "https://contoso.openai.azure.com", TokenSource = TokenSource.AzContext, StorageAccount = "contosobatch",
        }));

        Assert.Equal("AzContextNotGiven", ex.ErrorId);
    }
}
