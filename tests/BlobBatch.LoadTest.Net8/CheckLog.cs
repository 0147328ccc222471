using System.Text.Json;

namespace BlobBatch.LoadTest;

/// <summary>Runs named checks, prints one line for each, and counts them for build.ps1's tests line.</summary>
internal sealed class CheckLog
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Runs a check; it returns what it found on success and throws <see cref="CheckFailed"/> (or anything else) on failure.</summary>
    public void Run(string check, Func<string> body)
    {
        try
        {
            string found = body();
            Passed++;
            Console.WriteLine($"ok    {check}: {found}");
        }
        catch (Exception e)
        {
            Failed++;
            Console.WriteLine($"FAIL  {check}: {OneLine(Describe(e))}");
        }
    }

    public void WriteSummary(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new { Passed, Failed, Skipped = 0 }));

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static string Describe(Exception e) => e switch
    {
        CheckFailed => e.Message,
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Describe(inner),
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}

/// <summary>A check's own verdict, as opposed to an exception it did not expect.</summary>
internal sealed class CheckFailed(string message) : Exception(message);
