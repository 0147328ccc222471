using BlobBatch.Core.Results;

namespace BlobBatch.Core.Tests.Results;

public class ReconcilerTests
{
    [Fact]
    public void AccountsForEveryInputOnce()
    {
        using var reconciler = new Reconciler();
        reconciler.AddResult("a");
        reconciler.AddResult("b");
        string[] inputs = { "a", "c", "b", "d" };
        foreach (string id in inputs)
        {
            reconciler.AddInput(id, "batch_1");
        }

        reconciler.Finish();
        Assert.Empty(reconciler.Problems);
        Assert.True(reconciler.HasNotRun);
        foreach (string id in inputs)
        {
            reconciler.NameNotRun(id, "batch_1");
        }

        Assert.Equal(new[] { ("c", "batch_1"), ("d", "batch_1") }, reconciler.NotRun);
    }

    [Fact]
    public void ReportsAResultTwiceAResultWithoutInputAndAnInputTwice()
    {
        using var reconciler = new Reconciler();
        reconciler.AddResult("a");
        reconciler.AddResult("a");
        reconciler.AddResult("stray");
        reconciler.AddInput("a", "batch_1");
        reconciler.AddInput("a", "batch_2");
        reconciler.Finish();

        Assert.False(reconciler.HasNotRun);
        Assert.Contains(reconciler.Problems, p => p.Contains("'a' has more than one result"));
        Assert.Contains(reconciler.Problems, p => p.Contains("'a' appears more than once in the input"));
        Assert.Contains(reconciler.Problems, p => p.StartsWith("1 result(s) have a custom_id that is in no input part"));
        Assert.Empty(reconciler.NotRun);
    }

    [Fact]
    public void FindsRepeatsAndStraysFurtherApartThanItsWindowAtTheEnd()
    {
        using var reconciler = new Reconciler();
        int count = BlobBatch.Core.IO.ExternalRecordSort.MergeWindow + 1000;
        for (int i = 0; i < count; i++)
        {
            reconciler.AddResult("id-" + i);
        }

        reconciler.AddResult("id-3");
        reconciler.AddResult("stray-1");
        reconciler.AddResult("stray-2");
        for (int i = 0; i < count; i++)
        {
            reconciler.AddInput("id-" + i, "batch_1");
        }

        reconciler.AddInput("id-5", "batch_2");
        reconciler.AddInput("never-ran", "batch_2");
        reconciler.AddInput("never-ran", "batch_2");
        reconciler.Finish();
        for (int i = 0; i < count; i++)
        {
            reconciler.NameNotRun("id-" + i, "batch_1");
        }

        reconciler.NameNotRun("id-5", "batch_2");
        reconciler.NameNotRun("never-ran", "batch_2");
        reconciler.NameNotRun("never-ran", "batch_2");

        // Named once, at its first use; its near repeat is a problem of its own.
        Assert.Equal(new[] { ("never-ran", "batch_2") }, reconciler.NotRun);
        Assert.Equal(4, reconciler.Problems.Count);
        Assert.Contains("custom_id 'never-ran' appears more than once in the input", reconciler.Problems);
        Assert.Contains("1 more result(s) repeat a custom_id that already has a result", reconciler.Problems);
        Assert.Contains("1 more input request(s) repeat a custom_id of an earlier one", reconciler.Problems);
        Assert.Contains("2 result(s) have a custom_id that is in no input part", reconciler.Problems);
    }

    [Fact]
    public void AResultAfterTheInputsIsRefused()
    {
        using var reconciler = new Reconciler();
        reconciler.AddResult("a");
        reconciler.AddInput("a", "batch_1");
        Assert.Throws<InvalidOperationException>(() => reconciler.AddResult("b"));
    }
}
