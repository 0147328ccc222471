using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

/// <summary>File mode takes inputs up to 200 MB (at upload), blob mode up to 1 GB (when the batch reads the blob).</summary>
public class InputSizeLimitTests
{
    [Fact]
    public void DefaultsAre200MiBForFilesAnd1GiBForBlobs()
    {
        var options = new EmulatorOptions();

        Assert.Equal(209_715_200, options.MaxFileInputBytes);
        Assert.Equal(1_073_741_824, options.MaxBlobInputBytes);
        Assert.Equal(("200 MB", "1 GB"), (InputSizeLimits.Describe(options.MaxFileInputBytes), InputSizeLimits.Describe(options.MaxBlobInputBytes)));
    }

    [Fact]
    public async Task AnInputOverTheFileLimitButWithinTheBlobLimitRunsOnlyInBlobMode()
    {
        string input = InputLines.Many(8);
        int size = Encoding.UTF8.GetByteCount(input);
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.MaxFileInputBytes = size - 1;
            o.MaxBlobInputBytes = size;
        });

        using HttpResponseMessage upload = await emulator.PostFileAsync(input);
        JsonElement done = await emulator.FinishAsync(Id(await emulator.CreateBlobBatchAsync(input)));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        JsonElement error = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(("invalidPayload", "file"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Contains(InputSizeLimits.Describe(size - 1), error.GetProperty("message").GetString());
        Assert.Equal("completed", Status(done));
        Assert.Equal(8, Count(done, "completed"));
    }

    [Fact]
    public async Task ABlobOverTheBlobLimitFailsValidationWhileTheFileLimitAllowsIt()
    {
        string input = InputLines.Many(8);
        int size = Encoding.UTF8.GetByteCount(input);
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.MaxFileInputBytes = size;
            o.MaxBlobInputBytes = size - 1;
        });

        JsonElement file = await emulator.UploadFileAsync(input);
        JsonElement failed = await emulator.FinishAsync(Id(await emulator.CreateBlobBatchAsync(input)));

        Assert.Equal(size, file.GetProperty("bytes").GetInt32());
        JsonElement error = SingleError(failed);
        Assert.Equal("invalid_request", error.GetProperty("code").GetString());
        Assert.Contains($"is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes", error.GetProperty("message").GetString());
        Assert.Null(Time(failed, "in_progress_at"));
    }
}
