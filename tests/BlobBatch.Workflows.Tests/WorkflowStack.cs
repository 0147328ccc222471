using System.Security;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Input;
using BlobBatch.Core.Tests.Input;
using BlobBatch.Core.Workflows;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Tests.Infrastructure;

namespace BlobBatch.Workflows.Tests;

/// <summary>
/// An in-process emulator (real HTTP on 127.0.0.1) over Azurite with containers of its own, a context
/// for it as Connect-BlobBatch would make one, a scratch folder, and hooks that record what a workflow reported.
/// </summary>
internal sealed class WorkflowStack : IAsyncDisposable
{
    private WorkflowStack(TestEmulator emulator, BlobBatchContext context, string folder)
    {
        Emulator = emulator;
        Context = context;
        Folder = folder;
        Hooks = new WorkflowHooks
        {
            Log = message => { lock (Logs) { Logs.Add(message); } },
            Warn = message => { lock (Warnings) { Warnings.Add(message); } },
            Progress = new SynchronousProgress<WorkProgress>(report => { lock (Progress) { Progress.Add(report); } }),
        };
    }

    public TestEmulator Emulator { get; }

    public BlobBatchContext Context { get; }

    public string Folder { get; }

    public WorkflowHooks Hooks { get; }

    public List<string> Logs { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<WorkProgress> Progress { get; } = new();

    public static async Task<WorkflowStack> StartAsync(Action<EmulatorOptions>? configure = null, Action<ContextOptions>? connect = null)
    {
        TestEmulator emulator = await TestEmulator.StartAsync(options =>
        {
            options.Pacing = new PacingOptions { ValidatingSeconds = 0.1, FinalizingSeconds = 0.1, CancellingSeconds = 0.1 };
            configure?.Invoke(options);
        });
        var options = new ContextOptions
        {
            Endpoint = emulator.Host.BaseUri.AbsoluteUri,
            ApiKey = Secret(TestEmulator.ApiKey),
            StorageConnectionString = Secret(StackSettings.Get().StorageConnectionString),
            InputContainer = emulator.InputContainer.Name,
            OutputContainer = emulator.OutputContainer.Name,
        };
        connect?.Invoke(options);
        BlobBatchContext context = ContextBuilder.Build(options);
        string folder = Directory.CreateTempSubdirectory("blobbatch-workflow-").FullName;
        return new WorkflowStack(emulator, context, folder);
    }

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>Every batch the emulator holds, newest first.</summary>
    public async Task<List<Core.Jobs.BlobBatchJob>> ListBatchesAsync()
    {
        var listed = new List<Core.Jobs.BlobBatchJob>();
        await BatchLookup.ListAsync(Context, null, null, listed.Add, CancellationToken.None);
        return listed;
    }

    /// <summary>Builds <paramref name="rows"/> tickets into input files with InputBuilder, as New-BatchInputFile does.</summary>
    public async Task<IReadOnlyList<BatchInputFile>> BuildInputAsync(
        int rows, string name = "tickets.jsonl", int maxRequestsPerFile = SplitLimits.ServiceMaxRequests, string deployment = "gpt-4o-batch", string? schemaJson = null)
    {
        var request = new RequestSettings(deployment, EndpointKind.ChatCompletions) { MaxTokens = 50, ResponseSchemaJson = schemaJson };
        var settings = new InputSettings(request, new SplitLimits { MaxRequests = maxRequestsPerFile }, PathOf(name))
        {
            SystemPrompt = "Classify the ticket.",
            UserTemplate = PromptTemplate.Parse("{Title}"),
            IdProperty = "Id",
        };
        using var builder = new InputBuilder(settings, Hooks);
        for (int i = 1; i <= rows; i++)
        {
            builder.Add(new TestRow(i, ("Id", $"T-{i}"), ("Title", $"Ticket {i}: the printer jams"), ("Team", i % 2 == 0 ? "Desk" : "Network")));
        }

        return await InputBuilder.ToFilesAsync(builder.Complete(), Context, upload: false, Hooks, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private static SecureString Secret(string text)
    {
        var secret = new SecureString();
        foreach (char c in text)
        {
            secret.AppendChar(c);
        }

        return secret;
    }
}
