using System.Text;
using System.Text.Json;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

public class BatchInputWriterTests
{
    private static readonly TokenCounter Tokens = TokenCounter.ForModel("gpt-4o");

    [Fact]
    public void WritesServiceFormatLinesWithoutBomAndASideMap()
    {
        using var folder = new TempFolder();
        var settings = new RequestSettings("gpt-4o-batch", EndpointKind.ChatCompletions) { MaxTokens = 50, Temperature = 0.2 };
        BatchInputResult result;
        using (var writer = new BatchInputWriter(folder.File("in.jsonl"), settings, new SplitLimits(), Tokens, force: false, writeRowMap: true))
        {
            writer.Add(new TestRow(1, ("Id", "t-1"), ("Title", "Printer")), "t-1", Messages("Fix the printer"));
            writer.Add(new TestRow(2, ("Id", "t-2"), ("Title", "VPN")), "t-2", Messages("VPN is down"));
            result = writer.Complete();
        }

        byte[] bytes = File.ReadAllBytes(folder.File("in.jsonl"));
        Assert.NotEqual(0xEF, bytes[0]);
        string[] lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        JsonElement root = first.RootElement;
        Assert.Equal("t-1", root.GetProperty("custom_id").GetString());
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("/chat/completions", root.GetProperty("url").GetString());
        Assert.Equal("gpt-4o-batch", root.GetProperty("body").GetProperty("model").GetString());
        Assert.Equal(50, root.GetProperty("body").GetProperty("max_completion_tokens").GetInt32());
        Assert.False(root.GetProperty("body").TryGetProperty("max_tokens", out _));
        Assert.Equal("Fix the printer", root.GetProperty("body").GetProperty("messages")[1].GetProperty("content").GetString());

        BatchInputPart part = Assert.Single(result.Parts);
        Assert.Equal(2, part.RequestCount);
        Assert.Equal(bytes.Length, part.Bytes);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(), part.Sha256);
        Assert.Equal(new[] { "in.jsonl", "in.rows.jsonl" }, folder.Names());
        Assert.Contains("\"Title\":\"VPN\"", File.ReadAllText(folder.File("in.rows.jsonl")));
    }

    [Fact]
    public void TokenEstimateFollowsTheTokenizerPlusMessageOverhead()
    {
        IReadOnlyList<ChatMessage> messages = Messages("The quick brown fox jumps over the lazy dog.");
        int expected = TokenCounter.TokensPerReply
            + (2 * TokenCounter.TokensPerMessage)
            + Tokens.Count("Classify the ticket.")
            + Tokens.Count("The quick brown fox jumps over the lazy dog.");
        Assert.Equal(expected, Tokens.CountChat(messages));
        Assert.Equal(10, Tokens.Count("The quick brown fox jumps over the lazy dog."));
        Assert.Equal("cl100k_base", TokenCounter.ForModel("gpt-35-turbo").Encoding);
        Assert.Equal("o200k_base", TokenCounter.ForModel("gpt-4.1-mini").Encoding);
        Assert.Equal("o200k_base", TokenCounter.ForModel(null).Encoding);
    }

    [Fact]
    public void SplitsExactlyAtTheRequestLimit()
    {
        using var folder = new TempFolder();
        Assert.Single(Write(folder.File("exact.jsonl"), 5, new SplitLimits { MaxRequests = 5 }).Parts);
        BatchInputResult over = Write(folder.File("over.jsonl"), 6, new SplitLimits { MaxRequests = 5 });
        Assert.Equal(new[] { 5, 1 }, over.Parts.Select(p => p.RequestCount));
        Assert.Equal(new[] { 1, 2 }, over.Parts.Select(p => p.PartNumber));
        Assert.All(over.Parts, p => Assert.Equal(2, p.PartCount));
        Assert.Contains("over.part001.jsonl", folder.Names());
        Assert.Contains("over.part002.jsonl", folder.Names());
        Assert.DoesNotContain("over.jsonl", folder.Names());
    }

    [Fact]
    public void SplitsExactlyAtTheByteLimit()
    {
        using var folder = new TempFolder();
        BatchInputResult probe = Write(folder.File("probe.jsonl"), 3, new SplitLimits());
        long threeLines = probe.Parts[0].Bytes;

        Assert.Single(Write(folder.File("fits.jsonl"), 3, new SplitLimits { MaxBytes = threeLines }).Parts);
        BatchInputResult split = Write(folder.File("split.jsonl"), 3, new SplitLimits { MaxBytes = threeLines - 1 });
        Assert.Equal(2, split.Parts.Count);
        Assert.All(split.Parts, p => Assert.True(p.Bytes <= threeLines - 1));
    }

    [Fact]
    public void SplitsByTokenBudget()
    {
        using var folder = new TempFolder();
        BatchInputResult probe = Write(folder.File("probe.jsonl"), 4, new SplitLimits());
        long perLine = probe.Parts[0].EstimatedTokens / 4;
        BatchInputResult split = Write(folder.File("tokens.jsonl"), 4, new SplitLimits { MaxTokens = perLine * 2 });
        Assert.Equal(new[] { 2, 2 }, split.Parts.Select(p => p.RequestCount));
    }

    [Fact]
    public void RefusesDuplicateIdsAndLeavesNothingBehind()
    {
        using var folder = new TempFolder();
        var ex = Assert.Throws<BlobBatchException>(() =>
        {
            using var writer = NewWriter(folder.File("dup.jsonl"), new SplitLimits());
            writer.Add(new TestRow(1), "same", Messages("a"));
            writer.Add(new TestRow(2), "same", Messages("b"));
        });
        Assert.Equal("DuplicateCustomId", ex.ErrorId);
        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("duplicate_custom_id", ex.Message);
        Assert.Empty(folder.Names());
    }

    [Fact]
    public void RefusesAnExistingFileWithoutForce()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("taken.jsonl"), "keep me");
        var ex = Assert.Throws<BlobBatchException>(() => NewWriter(folder.File("taken.jsonl"), new SplitLimits()));
        Assert.Equal("OutputFileExists", ex.ErrorId);
        Assert.Equal("keep me", File.ReadAllText(folder.File("taken.jsonl")));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("x")]
    [InlineData("-leading")]
    public void RefusesIllegalDeploymentNames(string name)
    {
        var ex = Assert.Throws<BlobBatchException>(() => BatchInputWriter.RequireDeploymentName(name));
        Assert.Equal("InvalidDeploymentName", ex.ErrorId);
    }

    [Fact]
    public void WritesResponsesAndEmbeddingsBodies()
    {
        using var folder = new TempFolder();
        var schema = "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"}},\"required\":[\"label\"]}";
        var responses = new RequestSettings("dep", EndpointKind.Responses) { MaxTokens = 20, ResponseSchemaJson = schema };
        using (var writer = new BatchInputWriter(folder.File("r.jsonl"), responses, new SplitLimits(), Tokens, false, false))
        {
            writer.Add(new TestRow(1), null, Messages("hello"));
            writer.Complete();
        }

        using JsonDocument line = JsonDocument.Parse(File.ReadAllLines(folder.File("r.jsonl"))[0]);
        Assert.Equal("row-1", line.RootElement.GetProperty("custom_id").GetString());
        Assert.Equal("/responses", line.RootElement.GetProperty("url").GetString());
        JsonElement body = line.RootElement.GetProperty("body");
        Assert.Equal(20, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("json_schema", body.GetProperty("text").GetProperty("format").GetProperty("type").GetString());

        using (var writer = new BatchInputWriter(folder.File("e.jsonl"), new RequestSettings("emb", EndpointKind.Embeddings), new SplitLimits(), Tokens, false, false))
        {
            writer.Add(new TestRow(1), "e1", Messages("embed me"));
            writer.Complete();
        }

        using JsonDocument embedding = JsonDocument.Parse(File.ReadAllLines(folder.File("e.jsonl"))[0]);
        Assert.Equal("embed me", embedding.RootElement.GetProperty("body").GetProperty("input").GetString());
    }

    internal static IReadOnlyList<ChatMessage> Messages(string user) =>
        new[] { new ChatMessage("system", "Classify the ticket."), new ChatMessage("user", user) };

    private static BatchInputWriter NewWriter(string path, SplitLimits limits) =>
        new(path, new RequestSettings("gpt-4o-batch", EndpointKind.ChatCompletions), limits, Tokens, force: false, writeRowMap: false);

    private static BatchInputResult Write(string path, int rows, SplitLimits limits)
    {
        using BatchInputWriter writer = NewWriter(path, limits);
        for (int i = 1; i <= rows; i++)
        {
            writer.Add(new TestRow(i), $"id-{i:D4}", Messages($"request number {i:D4}"));
        }

        return writer.Complete();
    }
}

public class NoSplitTests
{
    [Fact]
    public void RefusesToStartASecondPartWhenSplittingIsOff()
    {
        using var folder = new TempFolder();
        var ex = Assert.Throws<BlobBatch.Core.Errors.BlobBatchException>(() =>
        {
            using var writer = new BatchInputWriter(folder.File("n.jsonl"), new RequestSettings("dep", EndpointKind.ChatCompletions),
                new SplitLimits { MaxRequests = 2, AllowSplit = false }, TokenCounter.ForModel(null), false, false);
            for (int i = 1; i <= 3; i++)
            {
                writer.Add(new TestRow(i), null, BatchInputWriterTests.Messages("x"));
            }
        });
        Assert.Equal("TooManyTasks", ex.ErrorId);
        Assert.Empty(folder.Names());
    }
}

public class TokenTallyTests
{
    [Fact]
    public void CountsOffTheWritingThreadGiveTheSameTotalsAsCountingInline()
    {
        using var folder = new TempFolder();
        var counter = TokenCounter.ForModel("gpt-4o");
        long[] Totals(string name, SplitLimits limits)
        {
            using var writer = new BatchInputWriter(folder.File(name), new RequestSettings("dep", EndpointKind.ChatCompletions), limits, counter, false, false);
            for (int i = 1; i <= 2500; i++)
            {
                writer.Add(new TestRow(i), null, BatchInputWriterTests.Messages($"ticket {i}: the printer on floor {i % 7} prints déjà vu lines"));
            }

            return writer.Complete().Parts.Select(p => p.EstimatedTokens).ToArray();
        }

        long[] background = Totals("bg.jsonl", new SplitLimits { MaxRequests = 1000 });
        long[] inline = Totals("inline.jsonl", new SplitLimits { MaxRequests = 1000, MaxTokens = long.MaxValue });
        Assert.Equal(3, background.Length);
        Assert.Equal(inline, background);
        long expected = Enumerable.Range(1, 1000).Sum(i => (long)counter.CountChat(BatchInputWriterTests.Messages($"ticket {i}: the printer on floor {i % 7} prints déjà vu lines")));
        Assert.Equal(expected, background[0]);
    }
}
