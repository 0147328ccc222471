using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Storage;

/// <summary>A job's input part on this machine: its local file, or else a temporary download of its input blob.</summary>
public sealed class LocalInputCopy : IDisposable
{
    private readonly bool _temporary;

    private LocalInputCopy(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    public string Path { get; }

    /// <summary>Null when neither the local file nor the blob can be read.</summary>
    public static async Task<LocalInputCopy?> OpenAsync(BlobBatchJob job, CancellationToken cancellationToken)
    {
        if (job.InputPath is string local && File.Exists(local))
        {
            return new LocalInputCopy(local, temporary: false);
        }

        if (string.IsNullOrEmpty(job.InputBlob))
        {
            return null;
        }

        string temp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "blobbatch-input-" + Guid.NewGuid().ToString("N") + ".jsonl");
        if (await InputDownloader.DownloadAsync(job.Context, job.InputBlob!, temp, cancellationToken).ConfigureAwait(false))
        {
            return new LocalInputCopy(temp, temporary: true);
        }

        OutputPaths.DeleteQuietly(temp);
        return null;
    }

    public void Dispose()
    {
        if (_temporary)
        {
            OutputPaths.DeleteQuietly(Path);
        }
    }
}
