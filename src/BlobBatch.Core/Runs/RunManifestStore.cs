using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Runs;

/// <summary>
/// Keeps a run's manifest in two places: a local file (-StatePath) and the output container beside
/// the results ({runId}/manifest.json), so a new process on another machine can resume by run id.
/// </summary>
public static class RunManifestStore
{
    public const string BlobName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// The largest manifest read: one holds a few hundred bytes per part, so this is thousands of
    /// parts; a larger file (or blob) is not a manifest and is not held in memory.
    /// </summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public static RunManifest? TryReadLocal(string path)
    {
        LocalPaths.Require(path);
        RequireNotFolder(path);

        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                throw Invalid($"'{path}' is larger than a run manifest can be ({MaxBytes:N0} bytes)", path);
            }

            return Validate(JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), Json), path);
        }
        catch (JsonException ex)
        {
            throw Invalid($"'{path}' is not a BlobBatch run manifest: {ex.Message}", path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BlobBatchException("InputFileUnreadable", ErrorKind.PermissionDenied, $"Cannot read '{path}': {ex.Message}", path, ex);
        }
    }

    /// <summary>Checked before anything is uploaded, so a state file that cannot be written leaves no orphan blob behind.</summary>
    public static void RequireWritableLocal(string path)
    {
        LocalPaths.Require(path);
        RequireNotFolder(path);

        // The state file is the run's own, updated after every step: an existing one is rewritten.
        OutputPaths.RequireWritable(LocalPaths.Full(path), force: true);
        OutputPaths.TempPathFor(LocalPaths.Full(path));
    }

    public static void WriteLocal(string path, RunManifest manifest)
    {
        manifest.UpdatedAt = DateTime.UtcNow;
        string full = LocalPaths.Full(path);
        string temp = OutputPaths.TempPathFor(full);
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(manifest, Json), new UTF8Encoding(false));
            OutputPaths.MoveIntoPlace(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BlobBatchException("OutputNotWritable", ErrorKind.PermissionDenied, $"Cannot write the run manifest '{full}': {ex.Message}", full, ex);
        }
        finally
        {
            OutputPaths.DeleteQuietly(temp);
        }
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
        // A running start rewrites the manifest after every step: one replaced between its size check and
        // its download is read again (the newer one), rather than failing the reader.
        for (int read = 1; ; read++)
        {
            try
            {
                return await ReadBlobOnceAsync(context, runId, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobBatchException ex) when (read < MaxReads && ex.InnerException is RequestFailedException { Status: 412 })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * read), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private const int MaxReads = 5;

    private static async Task<RunManifest> ReadBlobOnceAsync(BlobBatchContext context, string runId, CancellationToken cancellationToken)
    {
        BlobClient blob = ManifestBlob(context, runId);
        string where = Redaction.Url(blob.Uri);
        try
        {
            BlobProperties properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (properties.ContentLength > MaxBytes)
            {
                throw Invalid($"{where} is larger than a run manifest can be ({MaxBytes:N0} bytes)", runId);
            }

            var conditions = new BlobRequestConditions { IfMatch = properties.ETag };
            BlobDownloadResult content = (await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false)).Value;
            return Validate(JsonSerializer.Deserialize<RunManifest>(content.Content.ToString(), Json), where)!;
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
            throw Invalid($"{where} is not a BlobBatch run manifest: {ex.Message}", runId, ex);
        }
    }

    /// <summary>A resumed run must use the storage it started on, and a resource it runs on (the run's own, or one of its targets').</summary>
    public static void RequireSameTarget(RunManifest manifest, BlobBatchContext context)
    {
        RunManifest expected = RunManifest.New(manifest.RunId, context);
        if (!manifest.Resources().Contains(expected.Context.Endpoint, StringComparer.OrdinalIgnoreCase)
            || !string.Equals(expected.Context.BlobEndpoint, manifest.Context.BlobEndpoint, StringComparison.OrdinalIgnoreCase)
            || expected.Context.OutputContainer != manifest.Context.OutputContainer)
        {
            throw new BlobBatchException("RunContextMismatch", ErrorKind.InvalidOperation,
                $"Run {manifest.RunId} was started against {string.Join(" and ", manifest.Resources())} with storage {manifest.Context.BlobEndpoint} ({manifest.Context.OutputContainer}); connect to those (Connect-BlobBatch) to resume it.",
                manifest.RunId);
        }

        // Parts' blobs are sent to the service again (a restart, a resubmission): only ever ones in the input container.
        foreach (RunPart part in manifest.Parts)
        {
            BlobConfinement.RequireBlobName(context, context.InputContainer, part.InputBlob, BlobConfinement.InputOutsideContainer);
        }
    }

    private static BlobClient ManifestBlob(BlobBatchContext context, string runId) =>
        StorageClients.Container(context, context.OutputContainer).GetBlobClient($"{RunIds.Require(runId)}/{BlobName}");

    /// <summary>
    /// A manifest names blobs and batches that later requests go to, and may come from a shared
    /// container: its run id and batch ids must have the shapes the module itself writes.
    /// </summary>
    private static RunManifest? Validate(RunManifest? manifest, string where)
    {
        if (manifest is null || string.IsNullOrEmpty(manifest.RunId) || manifest.Version != RunManifest.CurrentVersion)
        {
            throw Invalid($"{where} is not a version {RunManifest.CurrentVersion} BlobBatch run manifest.", where);
        }

        if (!RunIds.IsValid(manifest.RunId) || manifest.Parts is null
            || manifest.Parts.Any(p => p is null || (p.BatchId is not null && !BatchIds.IsValid(p.BatchId))))
        {
            throw Invalid($"{where} holds a run id or batch id that BlobBatch never writes; it was not used.", where);
        }

        return manifest;
    }

    private static void RequireNotFolder(string path)
    {
        if (Directory.Exists(path))
        {
            throw new BlobBatchException("OutputIsFolder", ErrorKind.InvalidArgument, $"-StatePath '{path}' is a folder; give a file name such as '{Path.Combine(path, "run.json")}'.", path);
        }
    }

    private static BlobBatchException Invalid(string message, string where, Exception? inner = null) =>
        new("InvalidRunManifest", ErrorKind.InvalidData, message, where, inner);
}
