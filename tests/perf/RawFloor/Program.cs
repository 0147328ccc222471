// The raw .NET floor for `build.ps1 bench`: the same work as the module's scenarios with nothing but
// System.Text.Json, Sylvan.Data.Csv and an o200k counter (rows: RowsFloor.cs, which does the same job
// as -CsvPath, tokens and side map included). Also generates the bench data (the easy set here, the
// realistic one in RealisticTickets.cs), so no large file is ever committed. Every mode prints one
// JSON line on stdout: {"mode":…,"ms":…,"peakMiB":…,…}.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RawFloor;
using Sylvan.Data.Csv;

var clock = Stopwatch.StartNew();
var extra = new Dictionary<string, object>();
string mode = args.Length > 0 ? args[0] : string.Empty;
switch (mode)
{
    case "gen-csv":
        GenerateCsv(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        break;
    case "gen-realistic-csv":
        RealisticTickets.WriteCsv(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        break;
    case "gen-results":
        // An optional third argument, "realistic", gives answers of realistic length instead of one word.
        extra["lines"] = GenerateResults(args[1], args[2], args.Length > 3 && args[3] == "realistic");
        break;
    case "gen-jsonl":
        extra["lines"] = GenerateBigJsonl(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
        break;
    case "rows":
        {
            // rows <csv> <out.jsonl> <deployment> <system prompt> <template> [core|library] [warm-up csv]:
            // loading the counter and a warm-up run on a small CSV (the JIT) are timed apart (loadMs,
            // loadCpuMs), as ours runs in a warm session whose counter is loaded and code compiled.
            Func<string, int> count = RowsFloor.Counter(args.Length > 6 ? args[6] : "core");
            if (args.Length > 7)
            {
                string warmOut = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(args[2]))!, "warm-up.jsonl");
                RowsFloor.Run(args[7], warmOut, args[3], args[4], args[5], count);
                File.Delete(warmOut);
                File.Delete(Path.ChangeExtension(warmOut, ".rows.jsonl"));
            }

            extra["loadMs"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
            extra["loadCpuMs"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds);
            (long lines, long tokens, int parts) = RowsFloor.Run(args[1], args[2], args[3], args[4], args[5], count);
            extra["lines"] = lines;
            extra["tokens"] = tokens;
            extra["parts"] = parts;
            break;
        }
    case "join":
        extra["lines"] = Join(args[1], args[2], args[3], args[4]);
        break;
    case "validate":
        extra["lines"] = Validate(args[1]);
        break;
    default:
        Console.Error.WriteLine("usage: RawFloor gen-csv|gen-realistic-csv|gen-results|gen-jsonl|rows|join|validate …");
        return 2;
}

clock.Stop();
var report = new Dictionary<string, object>
{
    ["mode"] = mode,
    ["ms"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
    ["peakMiB"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
    ["cpuMs"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds),
};
foreach (var pair in extra)
{
    report[pair.Key] = pair.Value;
}

Console.WriteLine(JsonSerializer.Serialize(report));
return 0;

// Columns Id,Title,Body,Priority; some fields carry commas, quotes and non-ASCII so the CSV is real.
static void GenerateCsv(string path, int rows)
{
    var random = new Random(5);
    string[] words = ["printer", "VPN", "laptop", "password", "mailbox", "Teams", "badge", "monitor", "licence", "SharePoint", "café", "déjà vu"];
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    writer.Write("Id,Title,Body,Priority\n");
    var body = new StringBuilder();
    for (int i = 1; i <= rows; i++)
    {
        body.Clear();
        int count = 8 + random.Next(12);
        for (int w = 0; w < count; w++)
        {
            body.Append(w == 0 ? string.Empty : " ").Append(words[random.Next(words.Length)]);
        }

        string title = $"{words[random.Next(words.Length)]} issue {i}";
        string text = (i % 7) switch
        {
            0 => $"\"{body}, again, said \"\"{words[i % words.Length]}\"\"\"",
            3 => $"\"{body}, since Monday\"",
            _ => body.ToString(),
        };
        writer.Write($"T{i:D7},{title},{text},{(i % 3) switch { 0 => "High", 1 => "Normal", _ => "Low" }}\n");
    }
}

// One result line per request line of each input part: the service's shape, echo-like answers.
static long GenerateResults(string inputPath, string resultsPath, bool realistic)
{
    var random = new Random(17);
    long lines = 0;
    using var output = new FileStream(resultsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    foreach (string line in File.ReadLines(inputPath))
    {
        if (line.Length == 0)
        {
            continue;
        }

        using JsonDocument request = JsonDocument.Parse(line);
        string id = request.RootElement.GetProperty("custom_id").GetString()!;
        lines++;
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("id", $"batch_req_{lines:D8}");
        writer.WriteString("custom_id", id);
        writer.WriteStartObject("response");
        writer.WriteNumber("status_code", 200);
        writer.WriteString("request_id", Guid.NewGuid().ToString());
        writer.WriteStartObject("body");
        writer.WriteString("id", $"chatcmpl-{lines}");
        writer.WriteString("object", "chat.completion");
        writer.WriteString("model", "gpt-4o-2024-08-06");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteString("finish_reason", "stop");
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        string answer = realistic ? RealisticTickets.Answer(random) : (lines % 3) switch { 0 => "Hardware", 1 => "Access", _ => "Software" };
        writer.WriteString("content", answer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", 30 + (lines % 17));
        // About four characters a token: only the usage's shape matters to the join.
        long completion = realistic ? Math.Max(1, answer.Length / 4) : 2;
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", 30 + (lines % 17) + completion);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteNull("error");
        writer.WriteEndObject();
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    return lines;
}

// A valid chat batch input of about the given size in bytes, requests padded to ~2 KB so it stays one part.
static long GenerateBigJsonl(string path, long bytes, string deployment)
{
    var random = new Random(7);
    string filler = string.Concat(Enumerable.Repeat("The printer on floor three prints blank pages after the update. ", 28));
    long lines = 0;
    using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    using var writer = new Utf8JsonWriter(output);
    while (output.Length < bytes)
    {
        lines++;
        writer.Reset(output);
        RowsFloor.WriteChatRequest(writer, $"req-{lines:D7}", deployment,
            "Classify the ticket as Hardware, Software or Access. Answer with one word.", $"Ticket {lines} ({random.Next(1000)}): {filler}");
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    return lines;
}

// Results → CSV joined to the input rows on Id = custom_id: the answers in a dictionary, the CSV streamed.
static long Join(string resultsPath, string csvPath, string outPath, string idColumn)
{
    var answers = new Dictionary<string, (string? Content, int Status, long Prompt, long Completion)>(StringComparer.Ordinal);
    foreach (string line in File.ReadLines(resultsPath))
    {
        if (line.Length == 0)
        {
            continue;
        }

        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        JsonElement response = root.GetProperty("response");
        JsonElement body = response.GetProperty("body");
        JsonElement usage = body.GetProperty("usage");
        answers[root.GetProperty("custom_id").GetString()!] = (
            body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            response.GetProperty("status_code").GetInt32(),
            usage.GetProperty("prompt_tokens").GetInt64(),
            usage.GetProperty("completion_tokens").GetInt64());
    }

    using var text = new StreamReader(csvPath, new UTF8Encoding(false), true, 1 << 16);
    using CsvDataReader csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 16 });
    using var output = new StreamWriter(outPath, false, new UTF8Encoding(false), 1 << 16);
    using CsvDataWriter writerCsv = CsvDataWriter.Create(output);
    int id = csv.GetOrdinal(idColumn);
    var header = new List<string>();
    for (int i = 0; i < csv.FieldCount; i++)
    {
        header.Add(csv.GetName(i));
    }

    header.AddRange(["Answer", "StatusCode", "PromptTokens", "CompletionTokens"]);
    output.Write(string.Join(',', header.Select(Csv.Quote)));
    output.Write('\n');
    long lines = 0;
    var fields = new string?[csv.FieldCount + 4];
    while (csv.Read())
    {
        for (int i = 0; i < csv.FieldCount; i++)
        {
            fields[i] = csv.GetString(i);
        }

        bool found = answers.TryGetValue(csv.GetString(id), out var answer);
        fields[csv.FieldCount] = found ? answer.Content : null;
        fields[csv.FieldCount + 1] = found ? answer.Status.ToString(CultureInfo.InvariantCulture) : null;
        fields[csv.FieldCount + 2] = found ? answer.Prompt.ToString(CultureInfo.InvariantCulture) : null;
        fields[csv.FieldCount + 3] = found ? answer.Completion.ToString(CultureInfo.InvariantCulture) : null;
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                output.Write(',');
            }

            output.Write(Csv.Quote(fields[i]));
        }

        output.Write('\n');
        lines++;
    }

    return lines;
}

// The service's line rules a floor can check cheaply: JSON object, unique custom_id, POST, one url, body.model.
static long Validate(string path)
{
    var ids = new HashSet<string>(StringComparer.Ordinal);
    string? url = null;
    long lines = 0;
    foreach (string line in File.ReadLines(path))
    {
        lines++;
        if (line.Length == 0)
        {
            continue;
        }

        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        if (!ids.Add(root.GetProperty("custom_id").GetString()!))
        {
            throw new InvalidDataException($"line {lines}: duplicate custom_id");
        }

        if (root.GetProperty("method").GetString() != "POST")
        {
            throw new InvalidDataException($"line {lines}: method is not POST");
        }

        string lineUrl = root.GetProperty("url").GetString()!;
        url ??= lineUrl;
        if (lineUrl != url)
        {
            throw new InvalidDataException($"line {lines}: url differs");
        }

        if (root.GetProperty("body").GetProperty("model").GetString() is not { Length: > 0 })
        {
            throw new InvalidDataException($"line {lines}: no model");
        }
    }

    return lines;
}
