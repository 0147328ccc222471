using System;
using System.Collections.Generic;
using System.IO;
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
        using LocalInputCopy? input = await LocalInputCopy.OpenAsync(job, cancellationToken).ConfigureAwait(false);
        if (input is not null)
        {
            Read(input.Path, onId);
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

            onId(JsonlIds.CustomIdOf(line) ?? string.Empty);
        }
    }
}
