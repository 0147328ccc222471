using BlobBatch.Core.Input;
using BlobBatch.Core.Results;
using BlobBatch.Core.Tests.Input;

namespace BlobBatch.Core.Tests.Results;

public class InputOrderRowsTests
{
    [Fact]
    public void ReadsTheSideMapsBesideResultsInInputOrderWithoutAnIndex()
    {
        using var folder = new TempFolder();
        string[] maps = WriteMaps(folder, files: 3, rowsEach: 400);
        using InputOrderRows rows = InputOrderRows.Open(maps.Append(folder.File("missing.rows.jsonl")));
        Assert.Equal(new[] { "Id", "N", "Empty" }, rows.Columns);
        for (int m = 0; m < 3; m++)
        {
            for (int i = 1; i <= 400; i++)
            {
                // Every tenth input has no result (it did not run and the save reports it elsewhere), so its line is passed over.
                if (i % 10 == 0)
                {
                    continue;
                }

                IReadOnlyDictionary<string, string?> row = rows.Find($"{m}-{i}")!;
                Assert.Equal($"{m}:{i}", row["N"]);
                Assert.Null(row["Empty"]);
                if (i == 7)
                {
                    // A repeated result (an id answered twice) gets the same row again.
                    Assert.Same(row, rows.Find($"{m}-{i}"));
                }
            }
        }

        Assert.False(rows.Indexed);
    }

    [Fact]
    public void AResultWithoutAnInputOrOutOfOrderTurnsToTheIndexAndStillFindsEveryRow()
    {
        using var folder = new TempFolder();
        string[] maps = WriteMaps(folder, files: 2, rowsEach: 300);
        using InputOrderRows rows = InputOrderRows.Open(maps);
        Assert.Equal("0:1", rows.Find("0-1")!["N"]);
        Assert.Equal("1:5", rows.Find("1-5")!["N"]);
        Assert.False(rows.Indexed);

        // Behind the reader: an earlier part's row.
        Assert.Equal("0:2", rows.Find("0-2")!["N"]);
        Assert.True(rows.Indexed);
        Assert.Equal("1:300", rows.Find("1-300")!["N"]);
        Assert.Null(rows.Find("no-such-id"));
        Assert.Equal("0:300", rows.Find("0-300")!["N"]);
    }

    [Fact]
    public void AnIdNoSideMapHasIsNullAndLaterRowsAreStillFound()
    {
        using var folder = new TempFolder();
        string[] maps = WriteMaps(folder, files: 1, rowsEach: 50);
        using InputOrderRows rows = InputOrderRows.Open(maps);
        Assert.Equal("0:1", rows.Find("0-1")!["N"]);
        Assert.Null(rows.Find("orphan"));
        Assert.Equal("0:50", rows.Find("0-50")!["N"]);
    }

    [Fact]
    public void ALineWithoutARowIsAnEmptyRowAndNoSideMapIsNoColumns()
    {
        using var folder = new TempFolder();
        string path = folder.File("bare.rows.jsonl");
        // The columns come from the first row that names any, as the index takes them.
        File.WriteAllText(path, "{\"custom_id\":\"z\"}\n{\"custom_id\":\"y\",\"row\":{}}\n{\"custom_id\":\"a\",\"row\":{\"Id\":\"a\"}}\n\n{\"custom_id\":\"b\"}\n");
        using (InputOrderRows rows = InputOrderRows.Open(new[] { path }))
        using (RowIndex index = RowIndex.Build(new[] { path }))
        {
            Assert.Equal(new[] { "Id" }, rows.Columns);
            Assert.Equal(index.Columns, rows.Columns);
            Assert.Empty(rows.Find("z")!);
            Assert.Empty(rows.Find("y")!);
            Assert.Equal("a", rows.Find("a")!["Id"]);
            Assert.Empty(rows.Find("b")!);
            Assert.Empty(index.Find("z")!);
            Assert.Equal("a", index.Find("a")!["Id"]);
        }

        using InputOrderRows none = InputOrderRows.Open(new[] { folder.File("none.rows.jsonl") });
        Assert.Empty(none.Columns);
        Assert.Null(none.Find("a"));
    }

    private static string[] WriteMaps(TempFolder folder, int files, int rowsEach)
    {
        var maps = new string[files];
        for (int m = 0; m < files; m++)
        {
            maps[m] = folder.File($"part{m}.rows.jsonl");
            using var writer = new RowMapWriter(maps[m], force: false);
            for (int i = 1; i <= rowsEach; i++)
            {
                writer.Add($"{m}-{i}", new TestRow(i, ("Id", $"{m}-{i}"), ("N", $"{m}:{i}"), ("Empty", null)));
            }

            writer.Complete();
        }

        return maps;
    }
}
