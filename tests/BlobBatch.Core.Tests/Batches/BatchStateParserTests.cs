using BlobBatch.Core.Batches;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Tests.Batches;

public class BatchStateParserTests
{
    [Fact]
    public void ReadsTheBlobModeShape()
    {
        BatchState state = BatchStateParser.ParseAnswer(BinaryData.FromString("""
            {"id":"batch_b632a805-797b-49ed-9c9c-86eb4057f2a2","object":"batch","endpoint":"/chat/completions","status":"failed","created_at":1747516485,"failed_at":1747516500,
             "errors":{"object":"list","data":[{"code":"duplicate_custom_id","message":"dup","param":null,"line":3}]},
             "request_counts":{"total":4,"completed":1,"failed":2},"input_blob":"https://a/b","output_blob":"","error_blob":"","future_field":{"x":1}}
            """), "Getting the batch");
        Assert.Equal("batch_b632a805-797b-49ed-9c9c-86eb4057f2a2", state.Id);
        Assert.Equal(BatchStatus.Failed, state.Status);
        Assert.True(state.IsTerminal);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1747516485).LocalDateTime, state.CreatedAt);
        BatchError error = Assert.Single(state.Errors);
        Assert.Equal("duplicate_custom_id", error.Code);
        Assert.Equal(3, error.Line);
        Assert.Equal((4, 1, 2), (state.Total, state.Completed, state.Failed));
    }

    [Fact]
    public void ToleratesLegacyShapes()
    {
        BatchState state = BatchStateParser.ParseAnswer(BinaryData.FromString("""
            {"id":"batch_0123456789abcdef0123456789ABCDEF","status":"Validating","created_at":"2024-07-01T10:00:00Z","errors":{"data":{"code":"c","message":"m","line":"7"}},"request_counts":{"total":null}}
            """), "Getting the batch");
        Assert.Equal(BatchStatus.Validating, state.Status);
        Assert.False(state.IsTerminal);
        Assert.NotNull(state.CreatedAt);
        Assert.Equal(7, Assert.Single(state.Errors).Line);
        Assert.Equal(0, state.Total);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("[{\"id\":\"batch_b632a805-797b-49ed-9c9c-86eb4057f2a2\"}]")]
    [InlineData("{\"status\":\"completed\"}")]
    [InlineData("{\"id\":\"../../x/pwn\",\"status\":\"completed\"}")]
    [InlineData("{\"id\":\"..\",\"status\":\"completed\"}")]
    [InlineData("{\"id\":7,\"status\":\"completed\"}")]
    public void AnAnswerThatIsNoBatchIsAnInvalidServiceResponse(string body)
    {
        var ex = Assert.Throws<BlobBatchException>(() => BatchStateParser.ParseAnswer(BinaryData.FromString(body), "Getting the batch"));
        Assert.Equal("InvalidServiceResponse", ex.ErrorId);
        Assert.Equal(ErrorKind.ProtocolError, ex.Kind);
    }

    [Fact]
    public void TimesOutsideTheCalendarAreAbsentNotAnError()
    {
        BatchState state = BatchStateParser.ParseAnswer(BinaryData.FromString("""{"id":"batch_0123456789abcdef0123456789abcdef","created_at":99999999999999999}"""), "Getting");
        Assert.Null(state.CreatedAt);
    }

    [Theory]
    [InlineData("batch_b632a805-797b-49ed-9c9c-86eb4057f2a2", true)]
    [InlineData("batch_0123456789abcdef0123456789abcdef", true)]
    [InlineData("batch_1", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("../../x", false)]
    [InlineData("batch_b632a805-797b-49ed-9c9c-86eb4057f2a2/cancel", false)]
    [InlineData("batch_b632a805-797b-49ed-9c9c-86eb4057f2a2\n", false)]
    [InlineData("", false)]
    public void BatchIdsHaveTheServicesShape(string id, bool valid)
    {
        Assert.Equal(valid, BatchIds.IsValid(id));
        if (!valid)
        {
            Assert.Equal("InvalidBatchId", Assert.Throws<BlobBatchException>(() => BatchIds.RequireGiven(id)).ErrorId);
        }
    }

    [Theory]
    [InlineData("completed", true)]
    [InlineData("failed", true)]
    [InlineData("expired", true)]
    [InlineData("cancelled", true)]
    [InlineData("cancelling", false)]
    [InlineData("finalizing", false)]
    public void KnowsTheTerminalStates(string status, bool terminal) => Assert.Equal(terminal, BatchStatus.IsTerminal(status));

    [Theory]
    [InlineData("https://x.openai.azure.com/openai/batches?api-version=2025-04-01-preview", "2025-07-01-preview", "https://x.openai.azure.com/openai/batches?api-version=2025-07-01-preview")]
    [InlineData("https://x.openai.azure.com/openai/batches/b1?api-version=2025-04-01-preview", "v1", "https://x.openai.azure.com/openai/v1/batches/b1")]
    [InlineData("https://x.openai.azure.com/openai/batches?after=b2&limit=20&api-version=2025-04-01-preview", "v1", "https://x.openai.azure.com/openai/v1/batches?after=b2&limit=20")]
    public void RewritesRoutesForTheContextsApiVersion(string uri, string version, string expected) =>
        Assert.Equal(expected, ApiRoutePolicy.Rewrite(new Uri(uri), version).AbsoluteUri);
}
