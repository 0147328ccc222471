using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Runs;

/// <summary>
/// Keeps a run's manifest in two places: a local file (-StatePath) and the output container beside
/// the results ({runId}/manifest.json), so a new process on another machine can resume by run id.
/// </summary>
public static class RunManifestStore
{
    public const string BlobName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static RunManifest? TryReadLocal(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return Validate(JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), Json), path);
        }
        catch (JsonException ex)
        {
            throw new BlobBatchException("InvalidRunManifest", ErrorKind.InvalidData, $"'{path}' is not a BlobBatch run manifest: {ex.Message}", path, ex);
        }
    }

    public static void WriteLocal(string path, RunManifest manifest)
    {
        manifest.UpdatedAt = DateTime.UtcNow;
        string full = Path.GetFullPath(path);
        string temp = OutputPaths.TempPathFor(full);
        File.WriteAllText(temp, JsonSerializer.Serialize(manifest, Json), new UTF8Encoding(false));
        OutputPaths.MoveIntoPlace(temp, full);
    }

    public static async Task WriteBlobAsync(BlobBatchContext context, RunManifest manifest, CancellationToken cancellationToken)
    {
        BlobClient blob = ManifestBlob(context, manifest.RunId);
        byte[] bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest, Json));
        try
        {
            await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, blob.Uri);
        }
    }

    public static async Task<RunManifest> ReadBlobAsync(BlobBatchContext context, string runId, CancellationToken cancellationToken)
    {
        BlobClient blob = ManifestBlob(context, runId);
        try
        {
            BlobDownloadResult content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return Validate(JsonSerializer.Deserialize<RunManifest>(content.Content.ToString(), Json), blob.Uri.AbsoluteUri)!;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new BlobBatchException("RunNotFound", ErrorKind.NotFound,
                $"No run '{runId}' in the output container {context.OutputContainerUri}: {blob.Name} does not exist.", runId, ex);
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, blob.Uri);
        }
        catch (JsonException ex)
        {
            throw new BlobBatchException("InvalidRunManifest", ErrorKind.InvalidData, $"{blob.Uri} is not a BlobBatch run manifest: {ex.Message}", runId, ex);
        }
    }

    /// <summary>A resumed run must talk to the same resource and storage it started on.</summary>
    public static void RequireSameTarget(RunManifest manifest, BlobBatchContext context)
    {
        RunManifest expected = RunManifest.New(manifest.RunId, context);
        if (!string.Equals(expected.Context.Endpoint, manifest.Context.Endpoint, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(expected.Context.BlobEndpoint, manifest.Context.BlobEndpoint, StringComparison.OrdinalIgnoreCase)
            || expected.Context.OutputContainer != manifest.Context.OutputContainer)
        {
            throw new BlobBatchException("RunContextMismatch", ErrorKind.InvalidOperation,
                $"Run {manifest.RunId} was started against {manifest.Context.Endpoint} with storage {manifest.Context.BlobEndpoint} ({manifest.Context.OutputContainer}); connect to those (Connect-BlobBatch) to resume it.",
                manifest.RunId);
        }
    }

    private static BlobClient ManifestBlob(BlobBatchContext context, string runId) =>
        StorageClients.Container(context, context.OutputContainer).GetBlobClient($"{runId}/{BlobName}");

    private static RunManifest? Validate(RunManifest? manifest, string where)
    {
        if (manifest is null || string.IsNullOrEmpty(manifest.RunId) || manifest.Version != RunManifest.CurrentVersion)
        {
            throw new BlobBatchException("InvalidRunManifest", ErrorKind.InvalidData, $"{where} is not a version {RunManifest.CurrentVersion} BlobBatch run manifest.", where);
        }

        return manifest;
    }
}
