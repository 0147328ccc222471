using BlobBatch.Core.Errors;
using BlobBatch.Core.Results;
using BlobBatch.Core.Results.Usage;

namespace BlobBatch.Core.Tests.Results;

public class TokenPriceTests
{
    [Fact]
    public void PricesUncachedInputCachedInputAndOutputPerMillionTokens()
    {
        var price = new TokenPrice(2.50m, 1.25m, 10.00m);

        // 1,000 uncached and 1,000 cached prompt tokens, 500 completion tokens (reasoning included).
        Assert.Equal(0.00250m + 0.00125m + 0.00500m, price.CostOf(2000, 1000, 500));
    }

    [Fact]
    public void CachedInputCostsTheInputPriceWhenNotGiven()
    {
        var price = new TokenPrice(3m, null, 12m);

        Assert.Equal(3m, price.CachedInput);
        Assert.Equal(price.CostOf(1000, 0, 0), price.CostOf(1000, 1000, 0));
    }

    [Fact]
    public void ARequestWithoutUsageHasNoCost()
    {
        Assert.Null(new TokenPrice(1m, null, 1m).CostOf(new BatchResult { CustomId = "x", ErrorCode = "not_run" }));
    }

    [Fact]
    public void ANegativePriceIsRefused()
    {
        var error = Assert.Throws<BlobBatchException>(() => new TokenPrice(1m, -0.5m, 1m));
        Assert.Equal("InvalidPrice", error.ErrorId);
    }

    [Fact]
    public void TheRunCostsExactlyTheSumOfItsRequests()
    {
        var summary = new RunSummary { Price = new TokenPrice(0.15m, 0.075m, 0.6m) };
        var random = new Random(17);
        decimal sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            int prompt = random.Next(1, 5000);
            var result = new BatchResult { CustomId = $"r{i}", PromptTokens = prompt, CachedPromptTokens = random.Next(0, prompt), CompletionTokens = random.Next(0, 900), ReasoningTokens = 0 };
            summary.AddUsage(result);
            sum += result.Cost!.Value;
        }

        Assert.Equal(sum, summary.Cost);
    }

    [Fact]
    public void ARunCountsCachedAndReasoningTokensAndNamesEachModelOnce()
    {
        var summary = new RunSummary();
        summary.AddUsage(new BatchResult { CachedPromptTokens = 5, ReasoningTokens = 64, Model = "gpt-5" });
        summary.AddUsage(new BatchResult { CachedPromptTokens = 1, ReasoningTokens = 16, Model = "gpt-5" });

        Assert.Equal((6L, 80L), (summary.CachedPromptTokens, summary.ReasoningTokens));
        Assert.Equal(new[] { "gpt-5" }, summary.Models);
        Assert.Null(summary.Cost);
    }
}
