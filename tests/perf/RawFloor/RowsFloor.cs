// Rows → JSONL as plain .NET, doing the job New-BatchInputFile -CsvPath does: the same request lines
// (System.Text.Json's default escaping, as ours), the same side map beside them (custom_id → row),
// o200k input tokens counted per request by OpenAI's chat rule (3 per message + 3, the system prompt
// counted once) on one worker per core while the main thread writes, repeated ids refused, parts cut
// at the service's 100,000 requests / 1 GB, and both files flushed to disk at the end. What it leaves
// out is only what a script would: no error ids, no progress, no cancellation, no temp-then-rename.
// Its lines and side map are byte for byte ours, and its token total is ours (checked on both bench
// data sets).
//
// The counter: BlobBatch.Core's own by default ("core"), so the floor measures what the rest of our
// path costs above the same counting; a floor with a slower counter would flatter us. "library" counts
// with Microsoft.ML.Tokenizers 2.0.1 (o200k data package) instead: the same counts, a cross-check.
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using BlobBatch.Core.Input;
using Microsoft.ML.Tokenizers;
using Sylvan.Data.Csv;

namespace RawFloor;

internal static class RowsFloor
{
    private const int MaxRequests = 100_000;
    private const long MaxBytes = 1_000_000_000;
    private const int TokensPerMessage = 3;
    private const int TokensPerReply = 3;
    private const int Batch = 64;

    /// <summary>The token counter the floor uses: "core" (BlobBatch.Core's own o200k counter) or "library" (Microsoft.ML.Tokenizers).</summary>
    public static Func<string, int> Counter(string name)
    {
        switch (name)
        {
            case "core":
                TokenCounter core = TokenCounter.ForModel("gpt-4o");
                core.Count("ready");
                return core.Count;
            case "library":
                Tokenizer library = TiktokenTokenizer.CreateForEncoding("o200k_base");
                return text => library.CountTokens(text);
            default:
                throw new ArgumentException($"no counter '{name}': core or library");
        }
    }

    public static (long Lines, long Tokens, int Parts) Run(string csvPath, string outPath, string deployment, string systemPrompt, string template, Func<string, int> count)
    {
        using var text = new StreamReader(csvPath, new UTF8Encoding(false), true, 1 << 16);
        using CsvDataReader csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 16 });
        List<(string Literal, int Ordinal)> parts = ParseTemplate(template, csv);
        int idOrdinal = csv.GetOrdinal("Id");
        string[] names = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();

        int systemTokens = TokensPerMessage + count(systemPrompt);
        using var tally = new Tally(count, systemTokens + TokensPerReply + TokensPerMessage);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var files = new PartFiles(outPath);
        using var rowMap = new FileStream(Path.ChangeExtension(outPath, ".rows.jsonl"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var line = new MemoryStream();
        using var json = new Utf8JsonWriter(line);
        var fields = new string[names.Length];
        var user = new StringBuilder();
        long lines = 0;
        while (csv.Read())
        {
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = i < csv.RowFieldCount ? csv.GetString(i) : string.Empty;
            }

            string id = fields[idOrdinal];
            if (!ids.Add(id))
            {
                throw new InvalidDataException($"row {lines + 1} repeats custom_id {id}");
            }

            user.Clear();
            foreach ((string literal, int ordinal) in parts)
            {
                user.Append(literal);
                if (ordinal >= 0)
                {
                    user.Append(fields[ordinal]);
                }
            }

            string content = user.ToString();
            WriteRequest(json, line, id, deployment, systemPrompt, content);
            files.Append(line);
            tally.Post(files.PartIndex, content);
            WriteRow(json, line, id, names, fields);
            rowMap.Write(line.GetBuffer(), 0, (int)line.Length);
            lines++;
        }

        long tokens = tally.Finish();
        files.Complete();
        rowMap.Flush(flushToDisk: true);
        return (lines, tokens, files.PartIndex + 1);
    }

    private static List<(string Literal, int Ordinal)> ParseTemplate(string template, CsvDataReader csv)
    {
        var parts = new List<(string Literal, int Ordinal)>();
        int at = 0;
        while (at < template.Length)
        {
            int open = template.IndexOf('{', at);
            int close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                parts.Add((template[at..], -1));
                break;
            }

            parts.Add((template[at..open], csv.GetOrdinal(template[(open + 1)..close])));
            at = close + 1;
        }

        return parts;
    }

    private static void WriteRequest(Utf8JsonWriter json, MemoryStream line, string id, string deployment, string systemPrompt, string user)
    {
        line.SetLength(0);
        json.Reset(line);
        WriteChatRequest(json, id, deployment, systemPrompt, user);
        json.Flush();
        line.WriteByte((byte)'\n');
    }

    /// <summary>One chat request line's object (no line break): the floor's own lines and gen-jsonl's.</summary>
    internal static void WriteChatRequest(Utf8JsonWriter json, string id, string deployment, string systemPrompt, string user)
    {
        json.WriteStartObject();
        json.WriteString("custom_id", id);
        json.WriteString("method", "POST");
        json.WriteString("url", "/chat/completions");
        json.WriteStartObject("body");
        json.WriteString("model", deployment);
        json.WriteStartArray("messages");
        json.WriteStartObject();
        json.WriteString("role", "system");
        json.WriteString("content", systemPrompt);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("role", "user");
        json.WriteString("content", user);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, MemoryStream line, string id, string[] names, string[] fields)
    {
        line.SetLength(0);
        json.Reset(line);
        json.WriteStartObject();
        json.WriteString("custom_id", id);
        json.WriteStartObject("row");
        for (int i = 0; i < names.Length; i++)
        {
            json.WriteString(names[i], fields[i]);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        line.WriteByte((byte)'\n');
    }

    // Request lines into parts of at most 100,000 lines and 1 GB: out.jsonl when one, out.part001.jsonl … when more.
    private sealed class PartFiles(string outPath)
    {
        private readonly List<string> _paths = [];
        private FileStream? _current;
        private int _requests;
        private long _bytes;

        public int PartIndex => _paths.Count - 1;

        public void Append(MemoryStream line)
        {
            if (_current is null || _requests == MaxRequests || _bytes + line.Length > MaxBytes)
            {
                Close();
                string path = Path.ChangeExtension(outPath, $".part{_paths.Count + 1:D3}.jsonl");
                _paths.Add(path);
                _current = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                _requests = 0;
                _bytes = 0;
            }

            _current.Write(line.GetBuffer(), 0, (int)line.Length);
            _requests++;
            _bytes += line.Length;
        }

        public void Complete()
        {
            Close();
            if (_paths.Count == 1)
            {
                File.Move(_paths[0], outPath, overwrite: true);
            }
        }

        private void Close()
        {
            _current?.Flush(flushToDisk: true);
            _current?.Dispose();
            _current = null;
        }
    }

    // Counts on one worker per core, in batches of 64 texts, while the main thread goes on writing.
    private sealed class Tally : IDisposable
    {
        private readonly BlockingCollection<List<(int Part, string Text)>> _queue = new(2 * Environment.ProcessorCount);
        private readonly ConcurrentDictionary<int, long> _perPart = new();
        private readonly Task[] _workers;
        private readonly Func<string, int> _count;
        private readonly int _fixedPerRequest;
        private List<(int Part, string Text)> _pending = new(Batch);

        public Tally(Func<string, int> count, int fixedPerRequest)
        {
            _count = count;
            _fixedPerRequest = fixedPerRequest;
            _workers = Enumerable.Range(0, Environment.ProcessorCount)
                .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToArray();
        }

        public void Post(int part, string text)
        {
            _pending.Add((part, text));
            if (_pending.Count == Batch)
            {
                _queue.Add(_pending);
                _pending = new List<(int, string)>(Batch);
            }
        }

        public long Finish()
        {
            _queue.Add(_pending);
            _queue.CompleteAdding();
            Task.WaitAll(_workers);
            return _perPart.Values.Sum();
        }

        public void Dispose() => _queue.Dispose();

        private void Work()
        {
            foreach (List<(int Part, string Text)> batch in _queue.GetConsumingEnumerable())
            {
                foreach ((int part, string text) in batch)
                {
                    long tokens = _fixedPerRequest + _count(text);
                    _perPart.AddOrUpdate(part, tokens, (_, total) => total + tokens);
                }
            }
        }
    }
}
