using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Storage;

/// <summary>
/// The result and error files a save reads for a job: the ones the batch names, else, for an ended batch
/// that names none (a cancelled or expired batch may not), the ones found in its part's own output folder.
/// Billed work is never thrown away because the service left a field empty.
/// </summary>
public static class JobOutputs
{
    private static readonly string[] FileNames = { "/results.jsonl", "/errors.jsonl" };

    public static async Task<IReadOnlyList<string>> UrlsAsync(BlobBatchJob job, CancellationToken cancellationToken)
    {
        string?[] named = { job.OutputBlob, job.ErrorBlob };
        IReadOnlyList<string> found = named.Any(string.IsNullOrEmpty) && job.OutputFolder is not null && job.IsTerminal
            ? await ListFolderAsync(job, cancellationToken).ConfigureAwait(false)
            : Array.Empty<string>();
        var urls = new List<string>();
        for (int kind = 0; kind < FileNames.Length; kind++)
        {
            if (!string.IsNullOrEmpty(named[kind]))
            {
                urls.Add(named[kind]!);
            }
            else
            {
                urls.AddRange(found.Where(url => url.EndsWith(FileNames[kind], StringComparison.Ordinal)));
            }
        }

        return urls;
    }

    /// <summary>The result and error files in the job's part folder; the folder holds only its part's batch's output.</summary>
    private static async Task<IReadOnlyList<string>> ListFolderAsync(BlobBatchJob job, CancellationToken cancellationToken)
    {
        BlobContainerClient container = StorageClients.Container(job.Context, job.Context.OutputContainer);
        var found = new List<string>();
        try
        {
            await foreach (BlobItem item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, job.OutputFolder + "/", cancellationToken).ConfigureAwait(false))
            {
                if (FileNames.Any(name => item.Name.EndsWith(name, StringComparison.Ordinal)))
                {
                    found.Add(container.GetBlobClient(item.Name).Uri.AbsoluteUri);
                }
            }
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, container.Uri);
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
