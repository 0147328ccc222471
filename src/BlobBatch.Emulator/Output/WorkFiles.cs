using System.Text;
using System.Text.Json;

namespace BlobBatch.Emulator.Output;

/// <summary>
/// The results and errors of a running batch, appended line by line in the data folder. They are the source of
/// truth for what is done: a restart reads them back and runs only the rest; finalizing publishes them.
/// </summary>
public sealed class WorkFiles : IDisposable
{
    private readonly object _gate = new();
    private readonly StreamWriter _results;
    private readonly StreamWriter _errors;
    private bool _disposed;

    private WorkFiles(string folder, HashSet<string> done, int completed, int failed)
    {
        ResultsPath = Path.Combine(folder, "results.jsonl");
        ErrorsPath = Path.Combine(folder, "errors.jsonl");
        Done = done;
        Completed = completed;
        Failed = failed;
        _results = new StreamWriter(ResultsPath, append: true, new UTF8Encoding(false));
        _errors = new StreamWriter(ErrorsPath, append: true, new UTF8Encoding(false));
    }

    public string ResultsPath { get; }

    public string ErrorsPath { get; }

    /// <summary>custom_ids already answered, from earlier runs of this batch.</summary>
    public HashSet<string> Done { get; }

    public int Completed { get; }

    public int Failed { get; }

    public static string FolderFor(string dataPath, string batchId) => Path.Combine(dataPath, "work", batchId);

    /// <summary>Opens (creating or repairing) the work files; a line torn by a crash is dropped and its request runs again.</summary>
    public static WorkFiles Open(string dataPath, string batchId)
    {
        string folder = Directory.CreateDirectory(FolderFor(dataPath, batchId)).FullName;
        var done = new HashSet<string>(StringComparer.Ordinal);
        int completed = Repair(Path.Combine(folder, "results.jsonl"), done);
        int failed = Repair(Path.Combine(folder, "errors.jsonl"), done);
        return new WorkFiles(folder, done, completed, failed);
    }

    public void Append(string line, bool success)
    {
        lock (_gate)
        {
            (success ? _results : _errors).WriteLine(line);
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _results.Flush();
                _errors.Flush();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _results.Dispose();
            _errors.Dispose();
        }
    }

    private static int Repair(string path, HashSet<string> done)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var kept = new List<string>();
        foreach (string line in File.ReadLines(path))
        {
            string? customId = CustomIdOf(line);
            if (customId is not null && done.Add(customId))
            {
                kept.Add(line);
            }
        }

        File.WriteAllLines(path + ".repair", kept, new UTF8Encoding(false));
        File.Move(path + ".repair", path, overwrite: true);
        return kept.Count;
    }

    private static string? CustomIdOf(string line)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("custom_id", out JsonElement id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
