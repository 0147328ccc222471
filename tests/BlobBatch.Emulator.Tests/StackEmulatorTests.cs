using System.ClientModel;
using System.Text.Json;
using Azure.AI.OpenAI;
using Azure.Storage.Blobs;
using BlobBatch.Emulator.Tests.Infrastructure;
using OpenAI.Batch;

namespace BlobBatch.Emulator.Tests;

/// <summary>The published emulator that build.ps1 stack started, configured from the stack file: the path the demo and Pester use.</summary>
public class StackEmulatorTests
{
    [Fact]
    public void StackFileListsEveryDefaultDeploymentWithModelAndSku()
    {
        using JsonDocument stack = JsonDocument.Parse(File.ReadAllText(StackSettings.FilePath()));

        string[] listed = [.. stack.RootElement.GetProperty("deployments").EnumerateArray()
            .Select(d => $"{d.GetProperty("name").GetString()} {d.GetProperty("model").GetString()} {d.GetProperty("sku").GetString()}")];

        Assert.Equal(["gpt-4o-batch gpt-4o GlobalBatch", "gpt-4o-mini-batch gpt-4o-mini DataZoneBatch", "gpt-4o-standard gpt-4o Standard", "gpt-5-batch gpt-5 GlobalBatch"], listed);
    }

    [Theory]
    [InlineData("gpt-4o-batch", "gpt-4o")]
    [InlineData("gpt-5-batch", "gpt-5")]
    public async Task StackEmulatorRunsABlobBatchForTheOfficialClient(string deployment, string model)
    {
        using JsonDocument stack = JsonDocument.Parse(File.ReadAllText(StackSettings.FilePath()));
        JsonElement root = stack.RootElement;
        Assert.True(root.TryGetProperty("openaiEndpoint", out JsonElement endpoint), "The stack file has no openaiEndpoint; start the stack with ./build.ps1 stack.");
        var blobs = new BlobServiceClient(root.GetProperty("storageConnectionString").GetString());
        BlobContainerClient input = blobs.GetBlobContainerClient(root.GetProperty("inputContainer").GetString());
        BlobContainerClient output = blobs.GetBlobContainerClient(root.GetProperty("outputContainer").GetString());
        BlobClient blob = input.GetBlobClient($"stack-test-{Guid.NewGuid():n}.jsonl");
        await blob.UploadAsync(BinaryData.FromString(InputLines.Join(InputLines.Chat("a", deployment: deployment), InputLines.Chat("b", deployment: deployment))));
        BatchClient client = TestEmulator.CreateBatchClient(new Uri(endpoint.GetString()!), AzureOpenAIClientOptions.ServiceVersion.V2025_04_01_Preview, root.GetProperty("apiKey").GetString()!);

        CreateBatchOperation operation = await client.CreateBatchAsync(
            BinaryContent.Create(BinaryData.FromString(TestEmulator.BlobBody(blob.Uri.AbsoluteUri, output.Uri.AbsoluteUri))), waitUntilCompleted: true);

        JsonElement done = TestEmulator.Parse((await operation.GetBatchAsync(null)).GetRawResponse().Content);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("request_counts").GetProperty("completed").GetInt32());
        string name = new BlobUriBuilder(new Uri(done.GetProperty("output_blob").GetString()!)).BlobName;
        BlobClient results = output.GetBlobClient(name);
        string firstLine = (await results.DownloadContentAsync()).Value.Content.ToString().Split('\n')[0];
        Assert.Equal(model, JsonDocument.Parse(firstLine).RootElement.GetProperty("response").GetProperty("body").GetProperty("model").GetString());
        await blob.DeleteAsync();
    }
}
