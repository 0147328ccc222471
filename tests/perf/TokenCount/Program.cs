// Usage: TokenCount                      every counter and encoding, each in fresh processes; a table
//        TokenCount measure <counter> <encoding>   one measurement in this process, as JSON
//        TokenCount compare              both counters on every comparison text; differences listed
using System.Diagnostics;
using System.Text.Json;
using BlobBatch.Core.Tests.Input;
using BlobBatch.TokenCount;

string[] encodings = { "o200k_base", "cl100k_base" };
const int Runs = 3;

switch (args.FirstOrDefault())
{
    case "measure":
        Console.WriteLine(JsonSerializer.Serialize(Measurement.Run(args[1], args[2])));
        return 0;
    case "compare":
        return Compare();
    default:
        Table();
        return 0;
}

int Compare()
{
    int differences = 0;
    foreach (string encoding in encodings)
    {
        Func<string, int> ours = Counters.Create(Counters.Ours, encoding);
        Func<string, int> library = Counters.Create(Counters.Library, encoding);
        string[] texts = TokenComparisonTexts.All(encoding).ToArray();
        int differ = texts.Count(text => ours(text) != library(text));
        differences += differ;
        Console.WriteLine($"{encoding}: {texts.Length} texts, {texts.Length - differ} equal counts, {differ} differ");
    }

    return differences == 0 ? 0 : 1;
}

void Table()
{
    Console.WriteLine($"| counter | encoding | heap after load | heap after counting | allocated by load | load | count all texts (best of {Measurement.Passes}) | tokens |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    foreach (string encoding in encodings)
    {
        foreach (string counter in new[] { Counters.Ours, Counters.Library })
        {
            // A fresh process for each run, so one side's memory and JIT work never count for the other.
            Measurement[] runs = Enumerable.Range(0, Runs).Select(_ => MeasureInFreshProcess(counter, encoding)).ToArray();
            Measurement m = runs.OrderBy(r => r.CountMs).ElementAt(Runs / 2);
            Console.WriteLine($"| {counter} | {encoding} | {Mib(Median(runs, r => r.HeapAfterLoad))} | {Mib(Median(runs, r => r.HeapAfterCounting))} | "
                + $"{Mib(Median(runs, r => r.Allocated))} | {Median(runs, r => r.LoadMs):F0} ms | {m.CountMs:F1} ms ({m.Chars / m.CountMs / 1000:F1} M chars/s) | {m.Tokens:N0} |");
        }
    }

    Console.WriteLine($"Medians of {Runs} fresh processes each; .NET {Environment.Version}, {Environment.ProcessorCount} cores.");
}

static double Median(IEnumerable<Measurement> runs, Func<Measurement, double> value) => runs.Select(value).Order().ElementAt(Runs / 2);

static string Mib(double bytes) => $"{bytes / (1024 * 1024):F1} MiB";

static Measurement MeasureInFreshProcess(string counter, string encoding)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    foreach (string argument in new[] { "measure", counter, encoding })
    {
        start.ArgumentList.Add(argument);
    }

    using Process process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return JsonSerializer.Deserialize<Measurement>(output) ?? throw new InvalidOperationException(output);
}
