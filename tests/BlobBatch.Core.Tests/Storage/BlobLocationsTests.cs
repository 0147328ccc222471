using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Tests.Storage;

public class BlobLocationsTests
{
    private static readonly BlobBatchContext Azure = ContextBuilder.Build(new ContextOptions { Endpoint = "https://c.openai.azure.com", StorageAccount = "contosobatch" });
    private static readonly BlobBatchContext Local = ContextBuilder.Build(new ContextOptions { Endpoint = "http://127.0.0.1:1", BlobEndpoint = "http://127.0.0.1:10000/devstoreaccount1" });

    [Fact]
    public void AcceptsBlobsInTheOutputContainer()
    {
        Assert.Equal("run/guid/results.jsonl", BlobLocations.RequireInOutputContainer(Azure, "https://contosobatch.blob.core.windows.net/batch-output/run/guid/results.jsonl"));
        Assert.Equal("run/g/errors.jsonl", BlobLocations.RequireInOutputContainer(Local, "http://127.0.0.1:10000/devstoreaccount1/batch-output/run/g/errors.jsonl"));
    }

    [Theory]
    [InlineData("https://evil.example.com/batch-output/x/results.jsonl")]
    [InlineData("https://otheraccount.blob.core.windows.net/batch-output/x/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-input/x/results.jsonl")]
    [InlineData("http://contosobatch.blob.core.windows.net/batch-output/x/results.jsonl")]
    [InlineData("not a url")]
    public void RefusesAnythingElse(string url)
    {
        var ex = Assert.Throws<BlobBatchException>(() => BlobLocations.RequireInOutputContainer(Azure, url));
        Assert.Equal("OutputOutsideContainer", ex.ErrorId);
    }

    [Fact]
    public void RedactsQueries() =>
        Assert.Equal("https://a.blob.core.windows.net/c/b?<redacted>", BlobLocations.Redact("https://a.blob.core.windows.net/c/b?sv=1&sig=secret"));
}
