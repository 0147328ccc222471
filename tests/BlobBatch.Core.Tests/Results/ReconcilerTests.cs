using BlobBatch.Core.Results;

namespace BlobBatch.Core.Tests.Results;

public class ReconcilerTests
{
    [Fact]
    public void AccountsForEveryInputOnce()
    {
        var reconciler = new Reconciler();
        reconciler.AddResult("a");
        reconciler.AddResult("b");
        foreach (string id in new[] { "a", "b", "c" })
        {
            reconciler.AddInput(id, "batch_1");
        }

        reconciler.Finish();
        Assert.Empty(reconciler.Problems);
        Assert.Equal(new[] { ("c", "batch_1") }, reconciler.NotRun);
    }

    [Fact]
    public void ReportsAResultTwiceAResultWithoutInputAndAnInputTwice()
    {
        var reconciler = new Reconciler();
        reconciler.AddResult("a");
        reconciler.AddResult("a");
        reconciler.AddResult("stray");
        reconciler.AddInput("a", "batch_1");
        reconciler.AddInput("a", "batch_2");
        reconciler.Finish();

        Assert.Contains(reconciler.Problems, p => p.Contains("'a' has more than one result"));
        Assert.Contains(reconciler.Problems, p => p.Contains("'a' appears more than once in the input"));
        Assert.Contains(reconciler.Problems, p => p.StartsWith("1 result(s) have a custom_id that is in no input part"));
        Assert.Empty(reconciler.NotRun);
    }
}
