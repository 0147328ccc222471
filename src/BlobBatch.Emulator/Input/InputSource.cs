using Azure;
using Azure.Storage.Blobs.Models;
using BlobBatch.Emulator.Batches;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Files;
using BlobBatch.Emulator.Storage;

namespace BlobBatch.Emulator.Input;

/// <summary>
/// Reads a batch's input from the Files store or, in blob mode, from Azurite as the resource's identity. A file's size
/// was checked at upload; a blob's is checked here, before its content is read.
/// </summary>
public sealed class InputSource(StorageAccess storage, FileStore files, EmulatorOptions options)
{
    public const string InputNoPermissions = "input_no_permissions";
    public const string InputModified = "input_modified";

    /// <summary>Reads the input; with <paramref name="expectedETag"/> the blob must still be the version recorded at create.</summary>
    public async Task<InputRead> ReadAsync(BatchRecord batch, string? expectedETag, CancellationToken cancellationToken)
    {
        if (!batch.IsBlobMode)
        {
            return files.Get(batch.InputFileId ?? string.Empty) is null
                ? InputRead.Failed("invalid_request", $"The input file '{batch.InputFileId}' no longer exists.")
                : new InputRead(files.ReadContent(batch.InputFileId!), null, null);
        }

        BlobLocation? location = storage.Resolve(batch.InputBlob!);
        if (location is null || location.Name.Length == 0 || !storage.CanRead(location))
        {
            return NoPermission(batch);
        }

        var downloadOptions = new BlobDownloadOptions();
        if (expectedETag is not null)
        {
            downloadOptions.Conditions = new BlobRequestConditions { IfMatch = new ETag(expectedETag) };
        }

        try
        {
            using BlobDownloadStreamingResult download = (await storage.Blob(location).DownloadStreamingAsync(downloadOptions, cancellationToken)).Value;
            long length = download.Details.ContentLength;
            if (length > options.MaxBlobInputBytes)
            {
                return TooLarge(batch, length);
            }

            byte[] content = new byte[length];
            await download.Content.ReadExactlyAsync(content, cancellationToken);
            return new InputRead(content, download.Details.ETag.ToString(), null);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 409)
        {
            return InputRead.Failed(InputModified, "The input blob was modified after the batch was submitted.");
        }
        catch (RequestFailedException)
        {
            // A missing blob is reported like an unreadable one: the service cannot tell them apart through RBAC.
            return NoPermission(batch);
        }
    }

    /// <summary>The input blob's current ETag, or null when it cannot be read.</summary>
    public async Task<string?> CurrentETagAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        BlobLocation? location = storage.Resolve(batch.InputBlob!);
        if (location is null || !storage.CanRead(location))
        {
            return null;
        }

        try
        {
            Response<BlobProperties> properties = await storage.Blob(location).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ETag.ToString();
        }
        catch (RequestFailedException)
        {
            return null;
        }
    }

    // The service's code for an oversized blob is not documented; invalid_request is its code for an input it cannot take.
    private InputRead TooLarge(BatchRecord batch, long length) =>
        InputRead.Failed("invalid_request",
            $"The input blob '{batch.InputBlob}' is {length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes; with blob storage a batch input may be at most {InputSizeLimits.Describe(options.MaxBlobInputBytes)}. Split it into several batches.");

    private static InputRead NoPermission(BatchRecord batch) =>
        InputRead.Failed(InputNoPermissions,
            $"The service cannot read the input blob '{batch.InputBlob}'. Check that the resource's managed identity has Storage Blob Data Reader (or Contributor) on it, that network access is allowed, and that the blob exists.");
}
