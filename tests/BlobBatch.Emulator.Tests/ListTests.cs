using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using BlobBatch.Emulator.Tests.Infrastructure;
using static BlobBatch.Emulator.Tests.Infrastructure.BatchAssert;

namespace BlobBatch.Emulator.Tests;

public class ListTests
{
    [Fact]
    public async Task ListPagesNewestFirstWithDefaultLimitTwenty()
    {
        // Batches stay in validating so the list is stable while it is read.
        await using TestEmulator emulator = await TestEmulator.StartAsync(o => o.Pacing.ValidatingSeconds = 600);
        string fileId = (await emulator.UploadFileAsync(InputLines.Many(1))).GetProperty("id").GetString()!;
        List<string> created = [];
        for (int i = 0; i < 25; i++)
        {
            created.Add(Id(await emulator.CreateAsync(TestEmulator.FileBody(fileId))));
        }

        created.Reverse();
        List<JsonElement> pages = [];
        await foreach (ClientResult page in emulator.Batches.GetBatchesAsync(after: null, limit: null, new RequestOptions()).GetRawPagesAsync())
        {
            pages.Add(TestEmulator.Parse(page.GetRawResponse().Content));
        }

        Assert.Equal(2, pages.Count);
        Assert.Equal("list", pages[0].GetProperty("object").GetString());
        Assert.Equal(created.Take(20), pages[0].GetProperty("data").EnumerateArray().Select(Id));
        Assert.True(pages[0].GetProperty("has_more").GetBoolean());
        Assert.Equal(created[0], pages[0].GetProperty("first_id").GetString());
        Assert.Equal(created[19], pages[0].GetProperty("last_id").GetString());
        Assert.Equal(created.Skip(20), pages[1].GetProperty("data").EnumerateArray().Select(Id));
        Assert.False(pages[1].GetProperty("has_more").GetBoolean());

        ClientResult explicitPage = await emulator.Batches.GetBatchesAsync(after: created[2], limit: 4, new RequestOptions()).GetRawPagesAsync().FirstAsync();
        JsonElement limited = TestEmulator.Parse(explicitPage.GetRawResponse().Content);
        Assert.Equal(created.Skip(3).Take(4), limited.GetProperty("data").EnumerateArray().Select(Id));
        Assert.True(limited.GetProperty("has_more").GetBoolean());
    }
}
