using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Tests.Storage;

/// <summary>
/// Confinement of the blob URLs the service hands back: checked as written, decoded, and as the
/// storage client would request them. No request is made: the contexts have made-up credentials.
/// </summary>
public class BlobLocationsTests
{
    private static readonly BlobBatchContext Azure = ContextBuilder.Build(new ContextOptions { Endpoint = "https://c.openai.azure.com", StorageAccount = "contosobatch" });

    // Azurite's path-style account, with a SAS connection string: the client's own URLs then carry the SAS.
    private static readonly BlobBatchContext Local = ContextBuilder.Build(new ContextOptions
    {
        Endpoint = "http://127.0.0.1:1",
        StorageConnectionString = Secret("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=sv=2021-08-06&ss=b&srt=sco&sp=rwl&se=2099-01-01&sig=c2VjcmV0"),
    });

    [Fact]
    public void AcceptsBlobsInTheOutputContainer()
    {
        Assert.Equal("run/guid/results.jsonl", BlobLocations.RequireInOutputContainer(Azure, "https://contosobatch.blob.core.windows.net/batch-output/run/guid/results.jsonl"));
        Assert.Equal("run/g/errors.jsonl", BlobLocations.RequireInOutputContainer(Local, "http://127.0.0.1:10000/devstoreaccount1/batch-output/run/g/errors.jsonl"));
        Assert.Equal("run/a b/50%off.jsonl", BlobLocations.RequireInOutputContainer(Azure, "https://contosobatch.blob.core.windows.net/batch-output/run/a%20b/50%25off.jsonl"));
    }

    [Theory]
    [InlineData("https://evil.example.com/batch-output/x/results.jsonl")]
    [InlineData("https://otheraccount.blob.core.windows.net/batch-output/x/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-input/x/results.jsonl")]
    [InlineData("http://contosobatch.blob.core.windows.net/batch-output/x/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net:444/batch-output/x/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x%2F..%2F..%2Fbatch-input%2Fsecret%2Fresults.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x%2f..%2f..%2f..%2fother%2fresults.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x/../../batch-input/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x/./results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/%2e%2e/batch-input/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x%252F..%252F..%252Fbatch-input/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x%5C..%5Cresults.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output//results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x/results.jsonl?sv=1&sig=abc")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x/results.jsonl#frag")]
    [InlineData("https://user:pw@contosobatch.blob.core.windows.net/batch-output/x/results.jsonl")]
    [InlineData("https://contosobatch.blob.core.windows.net/batch-output/x%00/results.jsonl")]
    [InlineData("not a url")]
    [InlineData("")]
    public void RefusesAnythingElse(string url)
    {
        var ex = Assert.Throws<BlobBatchException>(() => BlobLocations.RequireInOutputContainer(Azure, url));
        Assert.Equal("OutputOutsideContainer", ex.ErrorId);
        Assert.Equal(ErrorKind.SecurityError, ex.Kind);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/batch-output/x%2F..%2F..%2Fbatch-input%2Fsecret.jsonl")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/batch-output/x%2F..%2F..%2F..%2Fother%2Fblob")]
    [InlineData("http://127.0.0.1:10000/otheraccount/batch-output/x/results.jsonl")]
    [InlineData("http://127.0.0.1:10001/devstoreaccount1/batch-output/x/results.jsonl")]
    [InlineData("http://localhost:10000/devstoreaccount1/batch-output/x/results.jsonl")]
    public void RefusesTraversalOnAPathStyleAccountBeforeAClientIsMade(string url)
    {
        var ex = Assert.Throws<BlobBatchException>(() => BlobConfinement.RequireBlob(Local, Local.OutputContainer, url, BlobConfinement.OutputOutsideContainer));
        Assert.Equal("OutputOutsideContainer", ex.ErrorId);
    }

    [Fact]
    public void TheClientItGivesRequestsExactlyThatBlob()
    {
        var blob = BlobConfinement.RequireBlob(Local, Local.InputContainer, "http://127.0.0.1:10000/devstoreaccount1/batch-input/run-1/part%201.jsonl", BlobConfinement.InputOutsideContainer);
        Assert.Equal("/devstoreaccount1/batch-input/run-1/part%201.jsonl", blob.Uri.AbsolutePath);
        Assert.Equal("batch-input", blob.BlobContainerName);
        Assert.Equal("run-1/part 1.jsonl", blob.Name);
    }

    [Fact]
    public void AnInputBlobOutsideTheInputContainerHasItsOwnId()
    {
        var ex = Assert.Throws<BlobBatchException>(() => BlobConfinement.RequireBlobName(Azure, Azure.InputContainer, "https://contosobatch.blob.core.windows.net/batch-output/x.jsonl", BlobConfinement.InputOutsideContainer));
        Assert.Equal("InputOutsideContainer", ex.ErrorId);
    }

    [Fact]
    public void TheRefusalShowsNoSas()
    {
        var ex = Assert.Throws<BlobBatchException>(() => BlobLocations.RequireInOutputContainer(Azure, "https://evil.example.com/x/results.jsonl?sv=1&sig=TOPSECRET"));
        Assert.DoesNotContain("TOPSECRET", ex.Message);
        Assert.DoesNotContain("TOPSECRET", ex.Target?.ToString());
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("run id")]
    public void RunIdsAreFolderNamesAndNothingElse(string runId) =>
        Assert.Equal("InvalidRunId", Assert.Throws<BlobBatchException>(() => BlobLocations.OutputFolder(Azure, runId)).ErrorId);

    private static System.Security.SecureString Secret(string text)
    {
        var secret = new System.Security.SecureString();
        foreach (char c in text)
        {
            secret.AppendChar(c);
        }

        return secret;
    }
}
