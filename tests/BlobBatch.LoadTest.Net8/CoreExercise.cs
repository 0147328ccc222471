using System.Collections;
using System.Reflection;
using System.Text;

namespace BlobBatch.LoadTest;

/// <summary>
/// Real work done through BlobBatch.Core by reflection, offline: validating a JSONL input (which reads
/// every line with the payload's System.Text.Json) and counting tokens with the rank data Core embeds.
/// </summary>
internal static class CoreExercise
{
    private const string Deployment = "gpt-4o-batch";

    private static readonly string[] Lines =
    {
        Line("ticket-1", "The printer on floor 3 is out of toner."),
        Line("ticket-2", "Déjà vu: my VPN drops every hour, and Teams with it."),
    };

    // The counts Microsoft.ML.Tokenizers gives (the xunit suite holds our counter to it).
    private const string CountedText = "The quick brown fox jumps over the lazy dog. Déjà vu, naïve café! 日本語のテキスト";
    private const int O200kCount = 24;
    private const int Cl100kCount = 26;

    // Each chat request: 3 for the reply, and 3 plus its content's o200k count for each message.
    private const long LinesTokens = 54;

    public static string ValidateJsonl(LoadedModule module)
    {
        Assembly core = module.Context.LoadFromAssemblyName(new AssemblyName("BlobBatch.Core"));
        string path = Path.Combine(Path.GetTempPath(), $"blobbatch-net8-load-{Environment.ProcessId}.jsonl");
        File.WriteAllText(path, string.Join("\n", Lines) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        try
        {
            object limits = Activator.CreateInstance(core.GetType("BlobBatch.Core.Input.SplitLimits", throwOnError: true)!)!;
            object tokens = TokenCounterFor(core, Deployment);
            // No progress callback; no cancellation.
            object result = Invoke(core, "BlobBatch.Core.Input.JsonlInputFile", "Prepare", path, null, limits, tokens, false, null, CancellationToken.None);
            var parts = (IList)Property(result, "Parts");
            object part = parts[0]!;
            int requests = (int)Property(part, "RequestCount");
            long estimated = (long)Property(part, "EstimatedTokens");
            string deployment = (string)Property(result, "Deployment");
            string found = $"{parts.Count} part, {requests} requests for {deployment}, {estimated} tokens";
            if (parts.Count != 1 || requests != Lines.Length || deployment != Deployment || estimated != LinesTokens)
            {
                throw new CheckFailed($"{found}; expected 1 part, {Lines.Length} requests for {Deployment}, {LinesTokens} tokens");
            }

            return found + ", " + SystemTextJsonIn(module);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string CountTokens(LoadedModule module)
    {
        Assembly core = module.Context.LoadFromAssemblyName(new AssemblyName("BlobBatch.Core"));
        int o200k = Count(TokenCounterFor(core, "gpt-4o"));
        int cl100k = Count(TokenCounterFor(core, "gpt-4"));
        string found = $"o200k {o200k}, cl100k {cl100k}";
        return o200k == O200kCount && cl100k == Cl100kCount
            ? found
            : throw new CheckFailed($"{found}; expected o200k {O200kCount}, cl100k {Cl100kCount}");
    }

    private static int Count(object tokenCounter) =>
        (int)tokenCounter.GetType().GetMethod("Count")!.Invoke(tokenCounter, new object[] { CountedText })!;

    private static object TokenCounterFor(Assembly core, string model) =>
        Invoke(core, "BlobBatch.Core.Input.TokenCounter", "ForModel", model);

    private static object Invoke(Assembly assembly, string type, string method, params object?[] arguments) =>
        assembly.GetType(type, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;

    private static object Property(object target, string name) =>
        target.GetType().GetProperty(name)!.GetValue(target)!;

    // .NET 8's own System.Text.Json is older than the payload's: the work must have used the payload's.
    private static string SystemTextJsonIn(LoadedModule module)
    {
        Assembly json = module.Context.Assemblies.FirstOrDefault(a => a.GetName().Name == "System.Text.Json")
            ?? throw new CheckFailed("System.Text.Json was not loaded into the module's context");
        return module.IsFromLib(json)
            ? $"System.Text.Json {json.GetName().Version} from bin/lib"
            : throw new CheckFailed($"System.Text.Json {json.GetName().Version} came from {json.Location}, not bin/lib");
    }

    private static string Line(string id, string text) =>
        $"{{\"custom_id\":\"{id}\",\"method\":\"POST\",\"url\":\"/chat/completions\",\"body\":{{\"model\":\"{Deployment}\","
        + $"\"messages\":[{{\"role\":\"system\",\"content\":\"Classify the ticket.\"}},{{\"role\":\"user\",\"content\":\"{text}\"}}]}}}}";
}
