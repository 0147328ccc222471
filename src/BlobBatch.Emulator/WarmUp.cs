using System.Text;
using System.Text.Json.Nodes;
using Azure;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Input;
using BlobBatch.Emulator.Quota;
using BlobBatch.Emulator.Storage;

namespace BlobBatch.Emulator;

/// <summary>
/// Pays the first call's costs (the o200k vocabulary, compiling the input, token and storage paths) before the emulator
/// listens. Otherwise the first create on each instance took most of a second longer than the rest, and with several
/// instances started side by side (build.ps1 stack -Resources N) every resource charged it to the first part sent there,
/// which the service does not.
/// </summary>
internal static class WarmUp
{
    public static void Run(IServiceProvider services, EmulatorOptions options)
    {
        string deployment = options.Deployments.FirstOrDefault()?.Name ?? "gpt-4o";
        string line = new JsonObject
        {
            ["custom_id"] = "warm-up",
            ["method"] = "POST",
            ["url"] = "/chat/completions",
            ["body"] = new JsonObject
            {
                ["model"] = deployment,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Warm up the tokenizer, please." }),
            },
        }.ToJsonString();
        InputReport report = InputInspector.Inspect(Encoding.UTF8.GetBytes(line + "\n"), "/chat/completions", options.Deployments, options.MaxRequestsPerBatch);
        TokenCounter tokens = services.GetRequiredService<TokenCounter>();
        foreach (InputRequest request in report.Requests)
        {
            tokens.CountPrompt(request.Body);
        }

        WarmStorage(services.GetRequiredService<StorageAccess>());
    }

    // The blob calls a create makes (properties, then a streamed download) on a blob that does not exist: the
    // storage client's pipeline is compiled and nothing is written. Storage that does not answer is no reason not to start.
    private static void WarmStorage(StorageAccess storage)
    {
        if (!storage.IsConfigured)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var blob = storage.Blob(new BlobLocation("blobbatch-emulator-warm-up", "warm-up"));
        try
        {
            blob.GetPropertiesAsync(cancellationToken: deadline.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException)
        {
        }

        try
        {
            blob.DownloadStreamingAsync(cancellationToken: deadline.Token).GetAwaiter().GetResult().Value.Dispose();
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException)
        {
        }
    }
}
