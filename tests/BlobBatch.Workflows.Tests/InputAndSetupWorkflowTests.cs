using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Setup;
using BlobBatch.Core.Workflows;

namespace BlobBatch.Workflows.Tests;

/// <summary>Building input (from a CSV, cancelled, refused) and the setup doctor that asks before it writes.</summary>
public class InputAndSetupWorkflowTests
{
    [Fact]
    public async Task ACsvBuildCancelledHalfwayLeavesNoFileBehind()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        string csv = stack.PathOf("tickets.csv");
        File.WriteAllLines(csv, new[] { "Id,Title" }.Concat(Enumerable.Range(1, 50_000).Select(i => $"T-{i},Printer {i} jams again")));
        using var cancel = new CancellationTokenSource();
        var hooks = new WorkflowHooks { Progress = new SynchronousProgress<WorkProgress>(_ => cancel.Cancel()) };
        string output = stack.PathOf("out.jsonl");

        using (var builder = new InputBuilder(Settings(output), hooks))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => builder.AddCsv(csv, null, cancel.Token));
        }

        Assert.Equal(new[] { "tickets.csv" }, Directory.GetFiles(stack.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ACsvIsReadDirectlyIntoPartsWithASideMap()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        string csv = stack.PathOf("tickets.csv");
        File.WriteAllLines(csv, new[] { "Id,Title" }.Concat(Enumerable.Range(1, 25).Select(i => $"T-{i},\"Printer, floor {i}\"")));

        using var builder = new InputBuilder(Settings(stack.PathOf("out.jsonl"), maxRequests: 10), stack.Hooks);
        BatchInputResult result = builder.AddCsv(csv, null, CancellationToken.None);

        Assert.Equal(3, result.Parts.Count);
        Assert.Equal(25, result.Parts.Sum(p => p.RequestCount));
        Assert.Contains("\"Title\":\"Printer, floor 7\"", File.ReadAllText(result.RowMapPath!));
        Assert.Contains(stack.Progress, p => p.ActivityId == ProgressActivities.Building && p.Completed);
    }

    [Theory]
    [InlineData(EndpointKind.Embeddings, null, "EmbeddingsNotSupported")]
    [InlineData(EndpointKind.ChatCompletions, "[1]", "InvalidResponseFormat")]
    public void RefusedInputIsRefusedBeforeAnythingIsWritten(EndpointKind kind, string? schema, string errorId)
    {
        string folder = Directory.CreateTempSubdirectory("blobbatch-refused-").FullName;
        try
        {
            var ex = Assert.Throws<BlobBatchException>(() =>
            {
                var request = new RequestSettings("gpt-4o-batch", kind) { ResponseSchemaJson = schema is null ? null : InputBuilder.RequireSchema(schema, schema) };
                using var builder = new InputBuilder(new InputSettings(request, new SplitLimits(), Path.Combine(folder, "x.jsonl")) { UserTemplate = PromptTemplate.Parse("{Title}") }, WorkflowHooks.None);
            });

            Assert.Equal(errorId, ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheDoctorWithoutConsentUploadsNothingAndCreatesNoBatch()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        var checks = new List<SetupCheck>();

        await new SetupDoctor(stack.Context, checks.Add, (_, _) => Task.FromResult(false)).RunAsync("gpt-4o-batch", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Empty(stack.Emulator.InputContainer.GetBlobs());
        var listed = new List<BlobBatchJob>();
        await BatchLookup.ListAsync(stack.Context, null, null, listed.Add, CancellationToken.None);
        Assert.Empty(listed);
        Assert.Equal(2, checks.Count(c => c.Status == SetupCheckStatus.Skipped && c.Detail.StartsWith("Not run", StringComparison.Ordinal)));
        Assert.DoesNotContain(checks, c => c.Status == SetupCheckStatus.Failed);
    }

    [Fact]
    public async Task TheDoctorsDeploymentProbeRunsThroughTheUploaderWhenAllowed()
    {
        await using WorkflowStack stack = await WorkflowStack.StartAsync();
        var checks = new List<SetupCheck>();

        await new SetupDoctor(stack.Context, checks.Add, (_, _) => Task.FromResult(true)).RunAsync("gpt-4o-batch", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(SetupCheckStatus.Passed, checks.Single(c => c.Name.Contains("batch deployment", StringComparison.Ordinal)).Status);
        Assert.Contains("v1 surface", checks.Single(c => c.Name.StartsWith("api-version", StringComparison.Ordinal)).Detail);
    }

    private static InputSettings Settings(string output, int maxRequests = SplitLimits.ServiceMaxRequests) =>
        new(new RequestSettings("gpt-4o-batch", EndpointKind.ChatCompletions), new SplitLimits { MaxRequests = maxRequests }, output)
        {
            UserTemplate = PromptTemplate.Parse("{Title}"),
            IdProperty = "Id",
        };
}
