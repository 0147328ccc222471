using System.Text;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

public class JsonlInputFileTests
{
    private static readonly TokenCounter Tokens = TokenCounter.ForModel(null);

    public static IEnumerable<object[]> BrokenInputs() => new[]
    {
        new object[] { "malformed line", Lines(Line("a"), "{not json", Line("c")), "InvalidJsonLine", 2 },
        new object[] { "duplicate ids", Lines(Line("a"), Line("b"), Line("a")), "DuplicateCustomId", 3 },
        new object[] { "empty id", Lines(Line("a"), Line("")), "EmptyCustomId", 2 },
        new object[] { "mixed deployments", Lines(Line("a"), Line("b", model: "other")), "ModelMismatch", 2 },
        new object[] { "mixed urls", Lines(Line("a"), Line("b", url: "/responses")), "UrlMismatch", 2 },
        new object[] { "non-POST", Lines(Line("a", method: "GET")), "InvalidRequestLine", 1 },
        new object[] { "missing body", Lines("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/chat/completions\"}"), "InvalidRequestLine", 1 },
        new object[] { "unknown url", Lines(Line("a", url: "/images/generations")), "InvalidRequestLine", 1 },
        new object[] { "array line", Lines("[1,2]"), "InvalidRequestLine", 1 },
        new object[] { "blank line inside", Lines(Line("a"), "", Line("b")), "InvalidJsonLine", 2 },
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public void RefusesBrokenInputWithItsIdAndLine(string _, string content, string errorId, int line)
    {
        using var folder = new TempFolder();
        string path = folder.File("in.jsonl");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        var ex = Assert.Throws<BlobBatchException>(() => Prepare(path));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains($"line {line}", ex.Message);
    }

    public static IEnumerable<object[]> OffencesAcrossBatches() => new[]
    {
        // Lines travel to the workers 256 at a time: the first offence in file order must win,
        // whether it is a line's own (bad JSON) or one between lines (model, id), in any batch.
        new object[] { Many(1000, (700, "{not json"), (900, Line("x", model: "other"))), "InvalidJsonLine", 700 },
        new object[] { Many(1000, (10, Line("x", model: "other")), (600, "{not json")), "ModelMismatch", 10 },
        new object[] { Many(1000, (300, Line("id-5")), (800, "{not json")), "DuplicateCustomId", 300 },
        new object[] { Many(1000, (999, "{not json")), "InvalidJsonLine", 999 },
        new object[] { Many(800, (260, ""), (700, "{not json")), "InvalidJsonLine", 260 },
        new object[] { Many(600, (400, "{not json"), (500, "")), "InvalidJsonLine", 400 },
    };

    [Theory]
    [MemberData(nameof(OffencesAcrossBatches))]
    public void ReportsTheFirstOffenceInFileOrderAcrossParallelBatches(string content, string errorId, int line)
    {
        using var folder = new TempFolder();
        string path = folder.File("many.jsonl");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        var ex = Assert.Throws<BlobBatchException>(() => Prepare(path));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Matches($@"line {line}[ :]", ex.Message);
    }

    [Fact]
    public void ParallelInspectionCountsWhatOneLineAtATimeCounts()
    {
        using var folder = new TempFolder();
        string path = folder.File("count.jsonl");
        string content = Many(2000);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        JsonlInspection inspection = JsonlInputFile.Inspect(path, null, new SplitLimits(), Tokens);

        long expected = 0;
        using var inspector = new RequestLineInspector(path, null, Tokens);
        long number = 0;
        foreach (string text in content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            expected += inspector.Inspect(new ArraySegment<byte>(Encoding.UTF8.GetBytes(text)), ++number);
        }

        Assert.Equal(2000, inspection.Requests);
        Assert.Equal(expected, inspection.EstimatedTokens);
    }

    // count request lines id-1 … id-N, with some lines replaced.
    private static string Many(int count, params (int Line, string Text)[] replaced)
    {
        var lines = Enumerable.Range(1, count).Select(i => Line($"id-{i}", content: $"Ticket {i}: the printer on floor {i % 7} is out of toner again.")).ToArray();
        foreach ((int line, string text) in replaced)
        {
            lines[line - 1] = text;
        }

        return string.Join("\n", lines) + "\n";
    }

    [Fact]
    public void RefusesABom()
    {
        using var folder = new TempFolder();
        string path = folder.File("bom.jsonl");
        File.WriteAllText(path, Lines(Line("a")), new UTF8Encoding(true));
        var ex = Assert.Throws<BlobBatchException>(() => Prepare(path));
        Assert.Equal("InputHasBom", ex.ErrorId);
        Assert.Contains("valid model deployment name", ex.Message);
    }

    [Fact]
    public void RefusesUtf16()
    {
        using var folder = new TempFolder();
        string path = folder.File("utf16.jsonl");
        File.WriteAllText(path, Lines(Line("a")), Encoding.Unicode);
        Assert.Equal("InputNotUtf8", Assert.Throws<BlobBatchException>(() => Prepare(path)).ErrorId);
    }

    [Fact]
    public void RefusesInvalidUtf8()
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.jsonl");
        byte[] good = Encoding.UTF8.GetBytes(Line("a") + "\n");
        byte[] bad = Encoding.UTF8.GetBytes(Line("b\u00e9"));
        bad[Array.IndexOf(bad, (byte)0xC3)] = 0xFF;
        File.WriteAllBytes(path, good.Concat(bad).ToArray());
        var ex = Assert.Throws<BlobBatchException>(() => Prepare(path));
        Assert.Equal("InvalidUtf8", ex.ErrorId);
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void RefusesAnEmptyFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("empty.jsonl");
        File.WriteAllText(path, "\n\n");
        Assert.Equal("EmptyInput", Assert.Throws<BlobBatchException>(() => Prepare(path)).ErrorId);
    }

    [Fact]
    public void RefusesAnotherDeploymentThanAskedFor()
    {
        using var folder = new TempFolder();
        string path = folder.File("in.jsonl");
        File.WriteAllText(path, Lines(Line("a")));
        var ex = Assert.Throws<BlobBatchException>(() => JsonlInputFile.Prepare(path, "wanted", new SplitLimits(), Tokens, false));
        Assert.Equal("ModelMismatch", ex.ErrorId);
    }

    [Fact]
    public void RefusesTooManyLinesWhenSplittingIsOff()
    {
        using var folder = new TempFolder();
        string path = folder.File("many.jsonl");
        File.WriteAllText(path, Lines(Line("a"), Line("b"), Line("c")));
        var ex = Assert.Throws<BlobBatchException>(() => JsonlInputFile.Prepare(path, null, new SplitLimits { MaxRequests = 2, AllowSplit = false }, Tokens, force: false));
        Assert.Equal("TooManyTasks", ex.ErrorId);
    }

    [Fact]
    public void RefusesALineLargerThanAFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("wide.jsonl");
        File.WriteAllText(path, Lines(Line("a"), Line("b", content: new string('x', 500))));
        var ex = Assert.Throws<BlobBatchException>(() => JsonlInputFile.Prepare(path, null, new SplitLimits { MaxBytes = 300 }, Tokens, false));
        Assert.Equal("LineTooLarge", ex.ErrorId);
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void UsesAFileWithinLimitsAsItIs()
    {
        using var folder = new TempFolder();
        string path = folder.File("ok.jsonl");
        File.WriteAllText(path, Lines(Line("a"), Line("b")) + "\n");
        BatchInputResult result = Prepare(path);
        BatchInputPart part = Assert.Single(result.Parts);
        Assert.Equal(path, part.Path);
        Assert.Equal(2, part.RequestCount);
        Assert.Equal("dep", result.Deployment);
        Assert.Equal(EndpointKind.ChatCompletions, result.Endpoint);
        Assert.True(part.EstimatedTokens > 0);
    }

    [Fact]
    public void SplitsAnOverLongFileIntoPartsBesideIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("big.jsonl");
        File.WriteAllText(path, Lines(Enumerable.Range(1, 5).Select(i => Line($"id{i}")).ToArray()));
        BatchInputResult result = JsonlInputFile.Prepare(path, null, new SplitLimits { MaxRequests = 2 }, Tokens, false);
        Assert.Equal(new[] { 2, 2, 1 }, result.Parts.Select(p => p.RequestCount));
        Assert.Equal(new[] { "big.jsonl", "big.part001.jsonl", "big.part002.jsonl", "big.part003.jsonl" }, folder.Names());
        Assert.Equal(File.ReadAllLines(path), result.Parts.SelectMany(p => File.ReadAllLines(p.Path)));
    }

    [Fact]
    public void AcceptsCrLfAndTheV1UrlForm()
    {
        using var folder = new TempFolder();
        string path = folder.File("crlf.jsonl");
        File.WriteAllText(path, Line("a") + "\r\n" + Line("b", url: "/v1/chat/completions") + "\r\n");
        Assert.Equal(2, Prepare(path).Parts[0].RequestCount);
    }

    internal static string Line(string id, string method = "POST", string url = "/chat/completions", string model = "dep", string content = "hello") =>
        $"{{\"custom_id\":\"{id}\",\"method\":\"{method}\",\"url\":\"{url}\",\"body\":{{\"model\":\"{model}\",\"messages\":[{{\"role\":\"user\",\"content\":\"{content}\"}}]}}}}";

    private static string Lines(params string[] lines) => string.Join("\n", lines);

    private static BatchInputResult Prepare(string path) => JsonlInputFile.Prepare(path, null, new SplitLimits(), Tokens, false);
}
