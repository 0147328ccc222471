using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Answers;

namespace BlobBatch.Core.Tests.Results;

public class AnswerExpanderTests
{
    private static readonly string[] Fields = { "category", "priority", "score", "urgent", "tags" };

    [Fact]
    public void AJsonObjectAnswerBecomesValuesTypedAsJsonGivesThem()
    {
        ExpandedAnswer answer = Expand("""{"priority":3,"category":"Hardware","score":0.75,"urgent":true,"tags":["a","b"],"extra":1}""");

        Assert.Null(answer.Error);
        Assert.Equal(new object?[] { "Hardware", 3L, 0.75, true, "[\"a\",\"b\"]" }, answer.Values);
    }

    [Fact]
    public void AFieldAnAnswerLacksIsEmpty()
    {
        Assert.Equal(new object?[] { "Network", null, null, null, null }, Expand("""{"category":"Network"}""").Values);
    }

    [Fact]
    public void AFencedAnswerIsReadInsideItsFence()
    {
        Assert.Equal("Desk", Expand("```json\n{\"category\":\"Desk\"}\n```").Values[0]);
    }

    [Theory]
    [InlineData("Hardware, I think", "the answer is not JSON")]
    [InlineData("[1,2]", "the answer is a JSON array, not an object")]
    [InlineData("", "the answer is empty")]
    public void AnAnswerThatIsNoJsonObjectLeavesTheFieldsEmptyAndSaysWhy(string content, string reason)
    {
        ExpandedAnswer answer = Expand(content);

        Assert.All(answer.Values, Assert.Null);
        Assert.StartsWith(reason, answer.Error);
    }

    [Fact]
    public void ACutOffAnswerSaysSo()
    {
        ExpandedAnswer answer = new AnswerExpander(Fields).Expand(new BatchResult { Succeeded = true, Content = "{\"category\":\"Hard", FinishReason = "length" });

        Assert.Equal("the answer was cut off (finish_reason length) before its JSON ended", answer.Error);
    }

    [Fact]
    public void AFailedOrNotRunRequestSaysWhyItHasNoFields()
    {
        var expander = new AnswerExpander(Fields);

        Assert.Equal("the request failed (server_error)", expander.Expand(new BatchResult { Succeeded = false, ErrorCode = "server_error" }).Error);
        Assert.Equal("the request did not run", expander.Expand(new BatchResult { ErrorCode = ResultSaver.NotRunCode }).Error);
    }

    [Fact]
    public void TheCollectorKeepsTheFirstSeenOrderOfFieldsAcrossAnswers()
    {
        var collector = new AnswerFieldCollector();
        collector.Observe(new BatchResult { Succeeded = true, Content = """{"category":"a","priority":1}""" });
        collector.Observe(new BatchResult { Succeeded = true, Content = "not json" });
        collector.Observe(new BatchResult { Succeeded = false, Content = """{"ignored":1}""" });
        collector.Observe(new BatchResult { Succeeded = true, Content = """{"priority":2,"reason":"x"}""" });

        Assert.Equal(new[] { "category", "priority", "reason" }, collector.Fields);
        Assert.False(collector.Truncated);
    }

    [Fact]
    public void AFieldNamedLikeAnInputColumnOrAResultPropertyIsPrefixedAndNoOtherIs()
    {
        var columns = new JoinedColumns(new[] { "TicketId", "Category" }, new[] { "category", "Content", "priority", "AnswerError" }, withCost: true);

        Assert.Equal(new[] { "Answer_category", "Answer_Content", "priority", "AnswerError" }, columns.AnswerNames);
        Assert.Equal("Answer_AnswerError", columns.AnswerErrorName);
        Assert.Equal("Cost", columns.ResultNames[^1]);
    }

    private static ExpandedAnswer Expand(string content) =>
        new AnswerExpander(Fields).Expand(new BatchResult { CustomId = "t", Succeeded = true, Content = content, FinishReason = "stop" });
}
