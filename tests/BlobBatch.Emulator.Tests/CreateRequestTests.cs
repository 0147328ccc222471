using System.Net;
using System.Text;
using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;

namespace BlobBatch.Emulator.Tests;

/// <summary>Create-time rules answer 400 (or 404) at once with the service's error envelope.</summary>
public class CreateRequestTests
{
    private const string Path = "/openai/batches?api-version=2025-04-01-preview";

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "completion window", """{"input_blob":"{in}","output_folder":{"url":"{out}"},"endpoint":"/chat/completions","completion_window":"48h"}""", "completion_window" },
        { "endpoint", """{"input_blob":"{in}","output_folder":{"url":"{out}"},"endpoint":"/v1/completions","completion_window":"24h"}""", "endpoint" },
        { "no endpoint", """{"input_blob":"{in}","output_folder":{"url":"{out}"},"completion_window":"24h"}""", "endpoint" },
        { "two inputs", """{"input_file_id":"file-1","input_blob":"{in}","output_folder":{"url":"{out}"},"endpoint":"/chat/completions","completion_window":"24h"}""", "input_file_id" },
        { "no input", """{"input_file_id":null,"endpoint":"/chat/completions","completion_window":"24h"}""", "input_file_id" },
        { "no output folder", """{"input_file_id":null,"input_blob":"{in}","endpoint":"/chat/completions","completion_window":"24h"}""", "output_folder" },
        { "metadata in blob mode", """{"input_blob":"{in}","output_folder":{"url":"{out}"},"endpoint":"/chat/completions","completion_window":"24h","metadata":{"a":"b"}}""", "metadata" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadCreateIsInvalidPayload(string why, string template, string param)
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();
        string body = template.Replace("{in}", emulator.InputContainer.Uri + "/x.jsonl").Replace("{out}", emulator.OutputFolderUrl);

        (HttpStatusCode status, JsonElement error) = await PostAsync(emulator, body);

        Assert.True(status == HttpStatusCode.BadRequest, why);
        Assert.Equal("invalidPayload", error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task UnknownInputFileIsNotFound()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        (HttpStatusCode status, JsonElement error) = await PostAsync(emulator, """{"input_file_id":"file-nope","endpoint":"/chat/completions","completion_window":"24h"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("notFound", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task BodyThatIsNotJsonIsInvalidPayload()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync();

        (HttpStatusCode status, JsonElement error) = await PostAsync(emulator, "not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalidPayload", error.GetProperty("code").GetString());
    }

    private static async Task<(HttpStatusCode, JsonElement)> PostAsync(TestEmulator emulator, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await emulator.Http.PostAsync(Path, content);
        JsonElement envelope = TestEmulator.Parse(BinaryData.FromString(await response.Content.ReadAsStringAsync()));
        return (response.StatusCode, envelope.GetProperty("error"));
    }
}
