using System.ClientModel;
using System.ClientModel.Primitives;
using BlobBatch.Emulator.Tests.Infrastructure;
using OpenAI.Batch;

namespace BlobBatch.Emulator.Tests;

public class QuotaTests
{
    private const long Limit = 150;

    [Fact]
    public async Task OverTheEnqueuedLimitFailsFastAndTerminalBatchesReleaseTokens()
    {
        await using TestEmulator emulator = await TestEmulator.StartAsync(o =>
        {
            o.Deployments = [new() { Name = InputLines.Deployment, Model = "gpt-4o", MaxEnqueuedTokens = Limit }];
            o.Pacing.ValidatingSeconds = 600;
        });
        string input = await emulator.UploadInputAsync(InputLines.Many(5));
        string body = TestEmulator.BlobBody(input, emulator.OutputFolderUrl);

        CreateBatchOperation first = await emulator.CreateOperationAsync(body);
        long enqueued = Header(first.GetRawResponse(), "deployment-enqueued-tokens");
        Assert.InRange(enqueued, 1, Limit);
        Assert.True(enqueued * 2 > Limit, "the test needs two batches to exceed the limit");
        Assert.Equal(Limit, Header(first.GetRawResponse(), "deployment-maximum-enqueued-tokens"));

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => emulator.CreateOperationAsync(body));
        Assert.Equal(400, refused.Status);
        Assert.Contains("token_limit_exceeded", refused.GetRawResponse()!.Content.ToString());
        Assert.Equal(enqueued, Header(refused.GetRawResponse()!, "deployment-enqueued-tokens"));
        Assert.Equal(Limit, Header(refused.GetRawResponse()!, "deployment-maximum-enqueued-tokens"));

        await first.CancelAsync(new RequestOptions());
        await emulator.FinishAsync(first.BatchId);

        CreateBatchOperation second = await emulator.CreateOperationAsync(body);
        Assert.Equal(enqueued, Header(second.GetRawResponse(), "deployment-enqueued-tokens"));
    }

    private static long Header(PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out string? value) ? long.Parse(value!) : throw new Xunit.Sdk.XunitException($"No {name} header.");
}
