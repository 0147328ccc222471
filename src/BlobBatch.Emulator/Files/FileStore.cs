using System.Collections.Concurrent;
using System.Text.Json;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Storage;

namespace BlobBatch.Emulator.Files;

/// <summary>Files API storage in the data folder: {id}.json for metadata and {id}.data for content.</summary>
public sealed class FileStore
{
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, FileRecord> _files = new(StringComparer.Ordinal);
    private long _sequence;

    public FileStore(EmulatorOptions options)
    {
        _folder = Directory.CreateDirectory(Path.Combine(options.DataPath, "files")).FullName;
        AtomicFile.RemoveLeftovers(_folder);
        foreach (string path in Directory.EnumerateFiles(_folder, "*.json"))
        {
            FileRecord? record = JsonSerializer.Deserialize<FileRecord>(File.ReadAllBytes(path));
            if (record is not null && File.Exists(ContentPath(record.Id)))
            {
                _files[record.Id] = record;
                _sequence = Math.Max(_sequence, record.Sequence);
            }
        }
    }

    public FileRecord Create(string purpose, string filename, ReadOnlySpan<byte> content, long? expiresAt = null)
    {
        var record = new FileRecord
        {
            Id = "file-" + Guid.NewGuid().ToString("n"),
            Sequence = Interlocked.Increment(ref _sequence),
            Bytes = content.Length,
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ExpiresAt = expiresAt,
            Filename = filename,
            Purpose = purpose,
        };

        // Content first, metadata last: a crash in between leaves no file that points at missing bytes.
        AtomicFile.WriteAllBytes(ContentPath(record.Id), content);
        AtomicFile.WriteAllBytes(MetadataPath(record.Id), JsonSerializer.SerializeToUtf8Bytes(record));
        _files[record.Id] = record;
        return record;
    }

    public FileRecord? Get(string id) => _files.TryGetValue(id, out FileRecord? record) ? record : null;

    public byte[] ReadContent(string id) => File.ReadAllBytes(ContentPath(id));

    public IReadOnlyList<FileRecord> List() => [.. _files.Values.OrderBy(f => f.Sequence)];

    public bool Delete(string id)
    {
        if (!_files.TryRemove(id, out _))
        {
            return false;
        }

        File.Delete(MetadataPath(id));
        File.Delete(ContentPath(id));
        return true;
    }

    private string MetadataPath(string id) => Path.Combine(_folder, id + ".json");

    private string ContentPath(string id) => Path.Combine(_folder, id + ".data");
}
