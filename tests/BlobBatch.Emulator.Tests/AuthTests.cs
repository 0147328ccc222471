using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using Azure.AI.OpenAI;
using BlobBatch.Emulator.Tests.Infrastructure;

namespace BlobBatch.Emulator.Tests;

public class AuthTests
{
    private const string ListPath = "/openai/batches?api-version=2025-04-01-preview";

    [Fact]
    public async Task ApiKeyHeaderIsAcceptedAndEveryAnswerHasAnApimRequestId()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        using HttpResponseMessage response = await emulator.Http.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Guid.TryParse(response.Headers.GetValues("apim-request-id").Single(), out _));
    }

    [Fact]
    public async Task OfficialClientWithAnEntraTokenSendsBearerAndIsAccepted()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        var client = new AzureOpenAIClient(emulator.Host.BaseUri, new FixedTokenCredential("any-token"),
            new AzureOpenAIClientOptions(AzureOpenAIClientOptions.ServiceVersion.V2025_04_01_Preview)).GetBatchClient();

        ClientResult page = await client.GetBatchesAsync(null, null, new RequestOptions()).GetRawPagesAsync().FirstAsync();

        Assert.Equal(200, page.GetRawResponse().Status);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("api-key", "wrong")]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("Authorization", "Basic abc")]
    [InlineData("Authorization", "Bearer not-the-configured-one")]
    public async Task MissingOrWrongCredentialIs401WithTheErrorEnvelope(string? header, string? value)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.BearerToken = "configured-token");
        using var client = new HttpClient { BaseAddress = emulator.Host.BaseUri };
        if (header is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        }

        using HttpResponseMessage response = await client.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("unauthorized", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ConfiguredBearerTokenIsAccepted()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.BearerToken = "configured-token");
        using var client = new HttpClient { BaseAddress = emulator.Host.BaseUri };
        client.DefaultRequestHeaders.Add("Authorization", "Bearer configured-token");

        using HttpResponseMessage response = await client.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenAIClientOnV1SendsTheKeyAsABearerTokenAndIsAccepted()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.BearerToken = "configured-token");

        ClientResult page = await emulator.CreateV1BatchClient().GetBatchesAsync(null, null, new RequestOptions()).GetRawPagesAsync().FirstAsync();

        Assert.Equal(200, page.GetRawResponse().Status);
    }

    [Fact]
    public async Task KeyAsABearerTokenIsRefusedOnTheClassicPath()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.BearerToken = "configured-token");
        using var client = new HttpClient { BaseAddress = emulator.Host.BaseUri };
        client.DefaultRequestHeaders.Add("Authorization", "Bearer " + TestEmulator.ApiKey);

        using HttpResponseMessage response = await client.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OfficialClientWithAWrongKeyGets401()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        var client = TestEmulator.CreateBatchClient(emulator.Host.BaseUri, AzureOpenAIClientOptions.ServiceVersion.V2025_04_01_Preview, "wrong");

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.GetBatchAsync("batch_x", new RequestOptions()));

        Assert.Equal(401, ex.Status);
    }
}
