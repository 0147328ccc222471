using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Storage;

/// <summary>Uploads an input part under a new name: parallel blocks, checksummed, never overwriting.</summary>
public static class InputUploader
{
    /// <summary>The SHA-256 of a part as uploaded for <paramref name="deployment"/> (its lines' body.model rewritten).</summary>
    public static string Sha256For(string path, string deployment) => ModelRewritingStream.Sha256Of(path, deployment);

    /// <param name="sha256">The hash of what is uploaded (kept as the blob's metadata).</param>
    /// <param name="deployment">When set, each line's body.model is rewritten to it on the way up (the local file stays as it is).</param>
    public static async Task<Uri> UploadAsync(
        BlobBatchContext context, string path, Uri blobUri, string sha256, IProgress<long>? progress, CancellationToken cancellationToken, string? deployment = null)
    {
        BlobContainerClient container = StorageClients.Container(context, context.InputContainer);
        BlobClient blob = BlobConfinement.RequireBlob(context, context.InputContainer, blobUri.AbsoluteUri, BlobConfinement.InputOutsideContainer);
        string shown = Redaction.Url(blob.Uri);
        var options = new BlobUploadOptions
        {
            // A name is used once: an existing blob means a mistake, not something to replace.
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/jsonl" },
            Metadata = new Dictionary<string, string> { ["blobbatch_sha256"] = sha256 },
            TransferOptions = StorageClients.TransferOptions,
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            ProgressHandler = progress,
        };

        try
        {
            if (deployment is null)
            {
                await blob.UploadAsync(path, options, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var rewritten = new ModelRewritingStream(path, deployment);
                await blob.UploadAsync(rewritten, options, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 409 || ex.Status == 412)
        {
            throw new BlobBatchException("InputBlobExists", ErrorKind.AlreadyExists,
                $"The input blob {shown} already exists; input names are never reused.", shown, ex);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "ContainerNotFound")
        {
            throw new BlobBatchException("ContainerNotFound", ErrorKind.NotFound,
                $"The input container '{context.InputContainer}' does not exist in {Redaction.Url(context.BlobEndpoint)}. Create it or pass -InputContainer to Connect-BlobBatch.",
                Redaction.Url(container.Uri), ex);
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, blob.Uri);
        }
        catch (IOException ex)
        {
            throw new BlobBatchException("InputFileUnreadable", ErrorKind.ConnectionError, $"Uploading '{path}' failed: {ex.Message}", path, ex);
        }

        return blob.Uri;
    }
}
