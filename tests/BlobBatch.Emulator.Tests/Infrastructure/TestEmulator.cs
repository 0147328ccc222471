using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.AI.OpenAI;
using Azure.Storage.Blobs;
using BlobBatch.Emulator.Configuration;
using OpenAI.Batch;

namespace BlobBatch.Emulator.Tests.Infrastructure;

/// <summary>
/// An emulator hosted in the test process over real HTTP on 127.0.0.1, with the official batch client, a raw
/// HttpClient and a blob client for Azurite; each instance has its own data folder and its own containers.
/// </summary>
public sealed class TestEmulator : IAsyncDisposable
{
    public const string ApiKey = "test-key";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);

    private TestEmulator(EmulatorHost host, string dataPath, BlobServiceClient blobs, string inputContainer, string outputContainer)
    {
        Host = host;
        DataPath = dataPath;
        Blobs = blobs;
        InputContainer = blobs.GetBlobContainerClient(inputContainer);
        OutputContainer = blobs.GetBlobContainerClient(outputContainer);
        Http = new HttpClient { BaseAddress = host.BaseUri };
        Http.DefaultRequestHeaders.Add("api-key", ApiKey);
        Batches = CreateBatchClient(host.BaseUri, AzureOpenAIClientOptions.ServiceVersion.V2025_04_01_Preview);
    }

    public EmulatorHost Host { get; private set; }

    public string DataPath { get; }

    public BlobServiceClient Blobs { get; }

    public BlobContainerClient InputContainer { get; }

    public BlobContainerClient OutputContainer { get; }

    public HttpClient Http { get; private set; }

    public BatchClient Batches { get; private set; }

    public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        StackSettings stack = StackSettings.Get();
        string dataPath = Path.Combine(Path.GetTempPath(), "blobbatch-emulator-test-" + Guid.NewGuid().ToString("n"));
        var blobs = new BlobServiceClient(stack.StorageConnectionString);
        string suffix = Guid.NewGuid().ToString("n")[..12];
        string input = "in-" + suffix;
        string output = "out-" + suffix;
        await blobs.GetBlobContainerClient(input).CreateAsync();
        await blobs.GetBlobContainerClient(output).CreateAsync();
        try
        {
            EmulatorHost host = await EmulatorHost.StartAsync(Options(stack, dataPath, configure));
            return new TestEmulator(host, dataPath, blobs, input, output);
        }
        catch
        {
            await blobs.GetBlobContainerClient(input).DeleteIfExistsAsync();
            await blobs.GetBlobContainerClient(output).DeleteIfExistsAsync();
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }

            throw;
        }
    }

    public static EmulatorOptions Options(StackSettings stack, string dataPath, Action<EmulatorOptions>? configure)
    {
        var options = new EmulatorOptions
        {
            ApiKey = ApiKey,
            StorageConnectionString = stack.StorageConnectionString,
            DataPath = dataPath,
        };
        configure?.Invoke(options);
        return options;
    }

    public static BatchClient CreateBatchClient(Uri endpoint, AzureOpenAIClientOptions.ServiceVersion version, string key = ApiKey)
    {
        var options = new AzureOpenAIClientOptions(version);
        return new AzureOpenAIClient(endpoint, new ApiKeyCredential(key), options).GetBatchClient();
    }

    /// <summary>The OpenAI SDK's batch client on the v1 surface ({endpoint}/openai/v1/), as Azure's docs set it up for today's models.</summary>
    public BatchClient CreateV1BatchClient() =>
        new(new ApiKeyCredential(ApiKey), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(Host.BaseUri, "openai/v1/") });

    /// <summary>Stops this host and starts a new one on the same data folder, as a process restart would.</summary>
    public async Task RestartAsync(Action<EmulatorOptions>? configure = null)
    {
        await Host.DisposeAsync();
        Http.Dispose();
        Host = await EmulatorHost.StartAsync(Options(StackSettings.Get(), DataPath, configure));
        Http = new HttpClient { BaseAddress = Host.BaseUri };
        Http.DefaultRequestHeaders.Add("api-key", ApiKey);
        Batches = CreateBatchClient(Host.BaseUri, AzureOpenAIClientOptions.ServiceVersion.V2025_04_01_Preview);
    }

    public async Task<string> UploadInputAsync(string content, string name = "input.jsonl")
    {
        BlobClient blob = InputContainer.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromString(content), overwrite: true);
        return blob.Uri.AbsoluteUri;
    }

    public string OutputFolderUrl => OutputContainer.Uri.AbsoluteUri;

    public static string BlobBody(string inputUrl, string outputUrl, string endpoint = "/chat/completions") =>
        new JsonObject
        {
            ["input_file_id"] = null,
            ["endpoint"] = endpoint,
            ["completion_window"] = "24h",
            ["input_blob"] = inputUrl,
            ["output_folder"] = new JsonObject { ["url"] = outputUrl },
        }.ToJsonString();

    /// <summary>Creates a batch with the official client; returns the create response's JSON.</summary>
    public async Task<JsonElement> CreateAsync(string body) => Parse((await CreateOperationAsync(body)).GetRawResponse().Content);

    public Task<CreateBatchOperation> CreateOperationAsync(string body) =>
        Batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(body)), waitUntilCompleted: false);

    public static string FileBody(string fileId, string endpoint = "/chat/completions") =>
        new JsonObject { ["input_file_id"] = fileId, ["endpoint"] = endpoint, ["completion_window"] = "24h" }.ToJsonString();

    public async Task<JsonElement> CreateBlobBatchAsync(string jsonl, string endpoint = "/chat/completions")
    {
        string input = await UploadInputAsync(jsonl, "input-" + Guid.NewGuid().ToString("n") + ".jsonl");
        return await CreateAsync(BlobBody(input, OutputFolderUrl, endpoint));
    }

    public async Task<JsonElement> GetAsync(string id)
    {
        ClientResult result = await Batches.GetBatchAsync(id, new RequestOptions());
        return Parse(result.GetRawResponse().Content);
    }

    /// <summary>Polls until the batch satisfies <paramref name="done"/>; every snapshot seen is returned, in order.</summary>
    public async Task<List<JsonElement>> WaitAsync(string id, Func<JsonElement, bool> done)
    {
        var seen = new List<JsonElement>();
        DateTime deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            JsonElement batch = await GetAsync(id);
            seen.Add(batch);
            if (done(batch))
            {
                return seen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Batch {id} is still '{batch.GetProperty("status").GetString()}' after {WaitLimit.TotalSeconds} s.");
            }

            await Task.Delay(25);
        }
    }

    public Task<List<JsonElement>> WaitForTerminalAsync(string id) =>
        WaitAsync(id, b => b.GetProperty("status").GetString() is "completed" or "failed" or "expired" or "cancelled");

    public async Task<JsonElement> FinishAsync(string id) => (await WaitForTerminalAsync(id))[^1];

    public async Task<List<JsonElement>> ReadBlobLinesAsync(string url)
    {
        BlobClient blob = new BlobUriBuilder(new Uri(url)).BlobName is string name ? OutputContainer.GetBlobClient(name) : throw new ArgumentException(url);
        string text = (await blob.DownloadContentAsync()).Value.Content.ToString();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    public async Task<bool> BlobExistsAsync(string url) =>
        (await OutputContainer.GetBlobClient(new BlobUriBuilder(new Uri(url)).BlobName).ExistsAsync()).Value;

    public async Task<JsonElement> UploadFileAsync(string content, string purpose = "batch", string path = "/openai/v1/files")
    {
        using HttpResponseMessage response = await PostFileAsync(content, purpose, path);
        Assert.Equal(201, (int)response.StatusCode);
        return Parse(BinaryData.FromString(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Uploads through the Files API and returns the answer whatever it is.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string content, string purpose = "batch", string path = "/openai/v1/files")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(purpose), "purpose");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "input.jsonl");
        return await Http.PostAsync(path, form);
    }

    public static JsonElement Parse(BinaryData content) => JsonDocument.Parse(content.ToString()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Http.Dispose();
        await InputContainer.DeleteIfExistsAsync();
        await OutputContainer.DeleteIfExistsAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping writer; the temp folder is cleaned by the OS later.
        }
    }
}
