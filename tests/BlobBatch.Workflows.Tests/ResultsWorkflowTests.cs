using System.Text.Json;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Results.Usage;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Workflows.Tests;

/// <summary>Results people use: in input order, answers as fields, usage and cost, and why requests did not run.</summary>
public class ResultsWorkflowTests
{
    private const string Schema = """
        {"type":"object","properties":{"category":{"type":"string","enum":["Hardware","Network","Access"]},"priority":{"type":"integer","minimum":1,"maximum":5}},"required":["category","priority"],"additionalProperties":false}
        """;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task ThirtyRowsComeBackInInputOrderWithTheirAnswersAsTypedFieldsAndFailedRowsSayWhy()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync(o => o.Faults.RequestFailureRate = 0.25);
        IReadOnlyList<BlobBatchJob> jobs = await RunAsync(stack, await stack.BuildInputAsync(30, maxRequestsPerFile: 12, deployment: "gpt-5-batch", schemaJson: Schema));
        var price = new TokenPrice(1.25m, 0.125m, 10m);
        var joined = new List<JoinedResult>();

        // Newest first, as Get-BlobBatch lists them: the order of the input still wins.
        SaveOutcome saved = (await new ResultJoiner(stack.Hooks).SaveAsync(
            jobs.Reverse().ToList(), new SaveSettings(stack.PathOf("results")) { CsvPath = stack.PathOf("answers.csv"), JoinRows = true, ExpandAnswer = true, Price = price }, joined.Add, CancellationToken.None))!;

        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"T-{i}"), joined.Select(j => j.Result.CustomId));
        Assert.Equal(new[] { "category", "priority" }, saved.Columns.AnswerNames);
        JoinedResult[] failed = joined.Where(j => !j.Result.Succeeded).ToArray();
        Assert.InRange(failed.Length, 1, 29);
        Assert.All(failed, j => Assert.Equal(new object?[] { null, null }, j.Answer!.Values));
        Assert.All(failed, j => Assert.StartsWith("the request failed", j.Answer!.Error));
        Assert.All(joined.Where(j => j.Result.Succeeded), j =>
        {
            Assert.Null(j.Answer!.Error);
            Assert.Equal("Hardware", j.Answer.Values[0]);
            Assert.IsType<long>(j.Answer.Values[1]);
        });

        string[] csv = File.ReadAllLines(stack.PathOf("answers.csv"));
        Assert.StartsWith("Id,Title,Team,category,priority,AnswerError,CustomId,", csv[0]);
        Assert.Equal(joined.Select(j => j.Result.CustomId), csv.Skip(1).Select(line => line.Split(',')[0]));
    }

    [Fact]
    public async Task TheSummaryCarriesCachedAndReasoningTokensTheModelTimingAndACostThatIsTheSumOfItsRequests()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        IReadOnlyList<BlobBatchJob> jobs = await RunAsync(stack, await stack.BuildInputAsync(8, maxRequestsPerFile: 5, deployment: "gpt-5-batch"));
        var joined = new List<JoinedResult>();

        SaveOutcome saved = (await new ResultJoiner(stack.Hooks).SaveAsync(
            jobs, new SaveSettings(stack.PathOf("results")) { Price = new TokenPrice(1.25m, 0.125m, 10m) }, joined.Add, CancellationToken.None))!;

        Assert.Equal(joined.Sum(j => j.Result.Cost!.Value), saved.Summary.Cost);
        Assert.Equal(8 * 256, saved.Summary.ReasoningTokens);
        Assert.Equal(new[] { "gpt-5" }, saved.Summary.Models);
        Assert.All(saved.Summary.Batches, b => Assert.True(b.Duration >= TimeSpan.Zero));
        using JsonDocument file = JsonDocument.Parse(File.ReadAllText(stack.PathOf("results/summary.json")));
        JsonElement summary = file.RootElement;
        Assert.Equal(0, summary.GetProperty("cachedPromptTokens").GetInt64());
        Assert.Equal(8 * 256, summary.GetProperty("reasoningTokens").GetInt64());
        Assert.Equal(saved.Summary.Cost, summary.GetProperty("cost").GetDecimal());
        Assert.Equal(10m, summary.GetProperty("pricePerMillionTokens").GetProperty("output").GetDecimal());
        Assert.Equal(2, summary.GetProperty("batches").GetArrayLength());
    }

    [Fact]
    public async Task ARunWhoseRequestsNeverRanSaysWhyInsteadOfCountingNothing()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        IReadOnlyList<BlobBatchJob> jobs = await RunAsync(stack, await stack.BuildInputAsync(3, deployment: "no-such-deployment"));

        SaveOutcome saved = (await new ResultJoiner(stack.Hooks).SaveAsync(jobs, new SaveSettings(stack.PathOf("results")), null, CancellationToken.None))!;

        Assert.Equal((3, 3), (saved.Summary.Requests, saved.Summary.NotRun));
        Assert.Contains("failed validation: model_not_found", saved.Summary.NotRunReason);
        Assert.Contains(stack.Warnings, w => w.Contains("model_not_found"));
        Assert.Contains("model_not_found", File.ReadAllText(stack.PathOf("results/summary.json")));
    }

    private static async Task<IReadOnlyList<BlobBatchJob>> RunAsync(WorkflowStack stack, IReadOnlyList<BatchInputFile> files)
    {
        var starter = new RunStarter(new StartSettings { PollInterval = Poll }, stack.Hooks);
        var jobs = new List<BlobBatchJob>();
        foreach (BatchInputFile file in files)
        {
            jobs.AddRange(await starter.StartAsync(file, stack.Context, attempt: 0, CancellationToken.None));
        }

        return (await new RunWaiter(stack.Hooks).WaitAsync(jobs, Poll, null, null, CancellationToken.None)).Jobs;
    }
}
