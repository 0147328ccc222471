using BlobBatch.Core.Input;
using BlobBatch.Core.Results;
using BlobBatch.Core.Workflows;
using BlobBatch.Core.Tests.Input;

namespace BlobBatch.Core.Tests.Results;

public class RowIndexTests
{
    [Fact]
    public void JoinsResultsToRowsReadFromTheSideMapOnDemand()
    {
        using var folder = new TempFolder();
        string rows = folder.File("in.rows.jsonl");
        using (var writer = new RowMapWriter(rows, force: false))
        {
            for (int i = 1; i <= 500; i++)
            {
                writer.Add($"id-{i}", new TestRow(i, ("Id", $"id-{i}"), ("Text", $"line \"{i}\", with comma\nand newline"), ("Empty", null)));
            }

            writer.Complete();
        }

        using RowIndex index = RowIndex.Build(new[] { rows, folder.File("missing.rows.jsonl") });
        Assert.Equal(500, index.Count);
        Assert.Equal(new[] { "Id", "Text", "Empty" }, index.Columns);
        Assert.Equal("line \"250\", with comma\nand newline", index.Find("id-250")!["Text"]);
        Assert.Equal("id-1", index.Find("id-1")!["Id"]);
        Assert.Null(index.Find("id-501"));
    }

    [Fact]
    public void ARowNamingItsColumnsInAnotherOrderOrOthersStillJoinsByName()
    {
        // Rows normally name the first row's columns in its order (the reader reuses those names);
        // a side map written by something else, or two side maps of different shapes, may not.
        using var folder = new TempFolder();
        string rows = folder.File("mixed.rows.jsonl");
        File.WriteAllText(rows, string.Join("\n",
            "{\"custom_id\":\"a\",\"row\":{\"Id\":\"a\",\"Text\":\"first\",\"N\":1}}",
            "{\"custom_id\":\"b\",\"row\":{\"Text\":\"second\",\"Id\":\"b\"}}",
            "{\"custom_id\":\"c\",\"row\":{\"Id\":\"c\",\"Extra\":\"more\",\"Text\":\"third\",\"N\":3}}",
            "{\"custom_id\":\"d\",\"row\":{}}") + "\n");

        using RowIndex index = RowIndex.Build(new[] { rows });
        Assert.Equal(new[] { "Id", "Text", "N" }, index.Columns);
        Assert.Equal(new Dictionary<string, string?> { ["Id"] = "a", ["Text"] = "first", ["N"] = "1" }, index.Find("a"));
        Assert.Equal(new Dictionary<string, string?> { ["Text"] = "second", ["Id"] = "b" }, index.Find("b"));
        Assert.Equal(new Dictionary<string, string?> { ["Id"] = "c", ["Extra"] = "more", ["Text"] = "third", ["N"] = "3" }, index.Find("c"));
        Assert.Empty(index.Find("d")!);
    }

    [Fact]
    public void AnIndexLargerThanItsWindowSpillsToDiskAndStillFindsEveryRow()
    {
        using var folder = new TempFolder();
        string rows = folder.File("big.rows.jsonl");
        int count = BlobBatch.Core.IO.ExternalRecordSort.LookupWindow + 5000;
        using (var writer = new RowMapWriter(rows, force: false))
        {
            for (int i = 1; i <= count; i++)
            {
                writer.Add($"id-{i}", new TestRow(i, ("Id", $"id-{i}"), ("N", i.ToString())));
            }

            writer.Complete();
        }

        using RowIndex index = RowIndex.Build(new[] { rows });
        Assert.Equal(count, index.Count);
        foreach (int i in new[] { 1, 2, 777, count / 2, count - 1, count })
        {
            Assert.Equal(i.ToString(), index.Find($"id-{i}")!["N"]);
        }

        Assert.Null(index.Find("id-0"));
        Assert.Null(index.Find($"id-{count + 1}"));
    }

    [Fact]
    public void FindsEveryRowInOrderBackwardsAndAcrossTwoSideMaps()
    {
        // In order, most lookups are served from the block the last one read; backwards, none are.
        using var folder = new TempFolder();
        string[] maps = { folder.File("a.rows.jsonl"), folder.File("b.rows.jsonl") };
        for (int m = 0; m < maps.Length; m++)
        {
            using var writer = new RowMapWriter(maps[m], force: false);
            for (int i = 1; i <= 3000; i++)
            {
                writer.Add($"{m}-{i}", new TestRow(i, ("N", $"{m}:{i}"), ("Pad", new string('x', i % 97))));
            }

            writer.Complete();
        }

        using RowIndex index = RowIndex.Build(maps);
        IEnumerable<int> forward = Enumerable.Range(1, 3000);
        foreach (int i in forward.Concat(forward.Reverse()))
        {
            Assert.Equal($"0:{i}", index.Find($"0-{i}")!["N"]);
            Assert.Equal($"1:{i}", index.Find($"1-{i}")!["N"]);
            Assert.Equal($"0:{i}", index.Find($"0-{i}")!["N"]);
        }
    }

    [Fact]
    public void WritesJoinedCsvWithQuotingAndRenamesCollidingColumns()
    {
        using var folder = new TempFolder();
        var columns = new JoinedColumns(new[] { "Id", "Content" });
        Assert.Equal("ResultContent", columns.ResultNames[3]);
        string path = folder.File("out.csv");
        using (var csv = new CsvResultWriter(path, columns, force: false))
        {
            var result = new BatchResult { CustomId = "a", Succeeded = true, StatusCode = 200, Content = "say \"hi\", then\nstop", PromptTokens = 5 };
            csv.Write(new JoinedResult(result, new Dictionary<string, string?> { ["Id"] = "a", ["Content"] = "original" }, columns).Values());
            csv.Complete();
        }

        string text = File.ReadAllText(path);
        Assert.StartsWith("Id,Content,CustomId,Succeeded,StatusCode,ResultContent,FinishReason,Model,PromptTokens,CachedPromptTokens,CompletionTokens,ReasoningTokens,ErrorCode,ErrorMessage\r\n", text);
        Assert.Contains("a,original,a,True,200,\"say \"\"hi\"\", then\nstop\",,,5,,,,,\r\n", text);
    }

    [Fact]
    public void ReadsCsvRowsWithARealParser()
    {
        using var folder = new TempFolder();
        string path = folder.File("in.csv");
        File.WriteAllText(path, "Id,Title,Body\r\n1,\"Quoted, title\",\"two\nlines\"\r\n2,Plain,Text\r\n");
        using var rows = new CsvInputRows(path);
        Assert.Equal(new[] { "Id", "Title", "Body" }, rows.Columns);
        IInputRow first = rows.Next()!;
        Assert.True(first.TryGetText("Title", out string? title));
        Assert.Equal("Quoted, title", title);
        Assert.True(first.TryGetText("body", out string? body));
        Assert.Equal("two\nlines", body);
        Assert.Equal(2, rows.Next()!.RowNumber);
        Assert.Null(rows.Next());
    }
}
