using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Tests.IO;

public class ExternalRecordSortTests
{
    [Theory]
    [InlineData(0, 8)]
    [InlineData(5, 8)]
    [InlineData(10_000, 64)]
    [InlineData(10_000, 100_000)]
    public void ReadsEveryRecordInOrderWhetherOrNotItSpilled(int count, int window)
    {
        var random = new Random(count + window);
        var records = Enumerable.Range(0, count).Select(i => new KeyedRecord((ulong)random.Next(0, count / 3 + 1) << 40, i)).ToList();
        using var sort = new ExternalRecordSort(window);
        foreach (KeyedRecord record in records)
        {
            sort.Add(record.Key, record.Value);
        }

        List<KeyedRecord> sorted = sort.ReadSorted().ToList();
        Assert.Equal(count > window, sort.Spilled);
        Assert.Equal(records.OrderBy(r => r.Key).ThenBy(r => r.Value).ToList(), sorted);
    }

    [Theory]
    [InlineData(100, 1000)]
    [InlineData(3000, 64)]
    public void LookupFindsEveryValueOfAKeyAcrossBlocks(int count, int window)
    {
        // Key 7 takes 600 records in a row, so on disk it spans several 256-record blocks.
        using var sort = new ExternalRecordSort(window);
        var expected = new Dictionary<ulong, List<long>>();
        for (int i = 0; i < count; i++)
        {
            ulong key = i % 5 == 0 || i < 600 ? 7UL : (ulong)(i * 13);
            sort.Add(key, i);
            (expected.TryGetValue(key, out List<long>? values) ? values : expected[key] = new List<long>()).Add(i);
        }

        using SortedRecordLookup lookup = sort.ToLookup();
        foreach ((ulong key, List<long> values) in expected)
        {
            Assert.Equal(values, lookup.ValuesOf(key).ToList());
        }

        Assert.Empty(lookup.ValuesOf(8));
        Assert.Empty(lookup.ValuesOf(0));
        Assert.Empty(lookup.ValuesOf(ulong.MaxValue));
    }

    [Fact]
    public void NoAddAfterReading()
    {
        using var sort = new ExternalRecordSort(4);
        sort.Add(1, 1);
        _ = sort.ReadSorted().ToList();
        Assert.Throws<InvalidOperationException>(() => sort.Add(2, 2));
    }

    [Fact]
    public void ARepeatFurtherApartThanTheWindowIsFoundAtTheEnd()
    {
        using var ids = new CustomIds(row => $"Row {row}");
        int count = RepeatCheck.RecentWindow + 10;
        for (int row = 1; row <= count; row++)
        {
            ids.Add("id-" + row, row);
        }

        ids.Add("id-5", count + 1);
        ids.Add("id-7", count + 2);
        var error = Assert.Throws<BlobBatchException>(ids.Finish);
        Assert.Equal("DuplicateCustomId", error.ErrorId);
        Assert.StartsWith($"Row {count + 1} repeats the custom_id already used at Row 5", error.Message);
    }

    [Fact]
    public void ManyUniqueIdsPassTheFinalCheck()
    {
        using var ids = new CustomIds(row => $"Row {row}");
        for (int row = 1; row <= (2 * RepeatCheck.RecentWindow) + 3; row++)
        {
            ids.Add(CustomIds.Generated(row), row);
        }

        ids.Finish();
        Assert.Equal((2 * RepeatCheck.RecentWindow) + 3, ids.Count);
    }
}
