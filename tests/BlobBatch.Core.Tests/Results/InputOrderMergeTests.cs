using BlobBatch.Core.IO;
using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Ordering;

namespace BlobBatch.Core.Tests.Results;

public class InputOrderMergeTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(50_000)] // past the sorts' in-memory window, so every sort spills and merges
    public void ResultsComeOutInTheOrderOfTheInputHoweverTheyArrived(int count)
    {
        string[] ids = Enumerable.Range(1, count).Select(i => $"row-{i}").ToArray();
        using var merge = new InputOrderMerge();
        foreach (string id in ids.OrderBy(id => JsonlIds.HashOf(id + "shuffle")))
        {
            merge.AddResult(new BatchResult { CustomId = id, Content = "answer to " + id });
        }

        foreach (string id in ids)
        {
            merge.AddInput(id);
        }

        BatchResult[] ordered = merge.ReadInInputOrder().ToArray();
        Assert.Equal(ids, ordered.Select(r => r.CustomId));
        Assert.All(ordered, r => Assert.Equal("answer to " + r.CustomId, r.Content));
    }

    [Fact]
    public void AResultForNoInputComesLastInArrivalOrderAndARepeatStaysBesideItsFirst()
    {
        using var merge = new InputOrderMerge();
        foreach (string id in new[] { "stray-2", "b", "a", "stray-1", "a" })
        {
            merge.AddResult(new BatchResult { CustomId = id });
        }

        merge.AddInput("a");
        merge.AddInput("b");

        Assert.Equal(new[] { "a", "a", "b", "stray-2", "stray-1" }, merge.ReadInInputOrder().Select(r => r.CustomId));
    }

    [Fact]
    public void EveryFieldOfAResultSurvivesTheSpill()
    {
        var original = new BatchResult
        {
            CustomId = "x", Succeeded = true, StatusCode = 200, Content = "{\"a\":1}\n\"quoted\" é", FinishReason = "stop", PromptTokens = 10,
            CompletionTokens = 5, CachedPromptTokens = 2, ReasoningTokens = 3, Model = "gpt-5", Cost = 0.000123m, RequestId = "req", BatchId = "batch_1",
        };
        using var merge = new InputOrderMerge();
        merge.AddResult(original);
        merge.AddInput("x");

        BatchResult copy = Assert.Single(merge.ReadInInputOrder());

        Assert.Equivalent(original, copy, strict: true);
    }
}
