using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Results;

/// <summary>The custom_ids a job was given: from its local input part, or else from its input blob.</summary>
public static class InputIds
{
    public static async Task ReadAsync(BlobBatchJob job, Action<string> onId, CancellationToken cancellationToken)
    {
        if (job.InputPath is string local && File.Exists(local))
        {
            Read(local, onId);
            return;
        }

        if (string.IsNullOrEmpty(job.InputBlob))
        {
            return;
        }

        string temp = Path.Combine(Path.GetTempPath(), "blobbatch-input-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            if (await InputDownloader.DownloadAsync(job.Context, job.InputBlob!, temp, cancellationToken).ConfigureAwait(false))
            {
                Read(temp, onId);
            }
        }
        finally
        {
            OutputPaths.DeleteQuietly(temp);
        }
    }

    private static void Read(string path, Action<string> onId)
    {
        using var reader = new JsonlLineReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            if (line.Count == 0)
            {
                continue;
            }

            var json = new Utf8JsonReader(new ReadOnlySpan<byte>(line.Array, line.Offset, line.Count));
            while (json.Read())
            {
                if (json.CurrentDepth == 1 && json.TokenType == JsonTokenType.PropertyName && json.ValueTextEquals("custom_id"))
                {
                    json.Read();
                    onId(json.GetString() ?? string.Empty);
                    break;
                }
            }
        }
    }
}
