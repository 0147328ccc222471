using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Storage;

/// <summary>
/// Downloads a blob in 4 MiB ranges, four at a time, each range streamed straight to its place in the
/// file while its MD5 is computed and then compared with the one the service sent for that range. The
/// SDK's DownloadTo buffers whole ranges to check them, about 40 MB for a results file; this holds a
/// copy buffer per worker. The ETag pins every range to the same version of the blob.
/// </summary>
internal static class RangedDownload
{
    /// <summary>Downloads a blob to a file, verified; false when the blob does not exist, a BlobBatch error for any other refusal.</summary>
    public static async Task<bool> TryToFileAsync(BlobClient blob, string destination, CancellationToken cancellationToken)
    {
        try
        {
            await ToFileAsync(blob, destination, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException ex)
        {
            throw ServiceErrors.FromStorage(ex, blob.Uri);
        }
    }

    /// <summary>The largest range the service computes an MD5 for.</summary>
    public const int RangeSize = 4 * 1024 * 1024;

    public const int Workers = 4;

    private const int Attempts = 3;
    // 64 KiB: the pool would round 80 KiB up to a 128 KiB array on the large object heap.
    private const int CopyBuffer = 1 << 16;

    public static async Task ToFileAsync(BlobClient blob, string path, CancellationToken cancellationToken)
    {
        BlobProperties properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        long size = properties.ContentLength;
        var conditions = new BlobRequestConditions { IfMatch = properties.ETag };
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            file.SetLength(size);
        }

        long ranges = (size + RangeSize - 1) / RangeSize;
        long next = -1;
        async Task WorkAsync()
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBuffer);
            try
            {
                long index;
                while ((index = Interlocked.Increment(ref next)) < ranges)
                {
                    long offset = index * RangeSize;
                    await RangeAsync(blob, conditions, new HttpRange(offset, Math.Min(RangeSize, size - offset)), file, buffer, md5, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, (int)Math.Min(Workers, ranges)).Select(_ => WorkAsync())).ConfigureAwait(false);
    }

    private static async Task RangeAsync(
        BlobClient blob, BlobRequestConditions conditions, HttpRange range, FileStream file, byte[] buffer, IncrementalHash md5, CancellationToken cancellationToken)
    {
        var options = new BlobDownloadOptions
        {
            Range = range,
            Conditions = conditions,

            // Asked for, not checked by the SDK (which would buffer the range to check it): checked below.
            TransferValidation = new DownloadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, AutoValidateChecksum = false },
        };
        for (int attempt = 1; ; attempt++)
        {
            Response<BlobDownloadStreamingResult> response = await blob.DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false);
            using BlobDownloadStreamingResult result = response.Value;
            byte[]? expected = result.Details.ContentHash;
            if (expected is null || expected.Length == 0)
            {
                throw new BlobBatchException("DownloadNotVerifiable", ErrorKind.InvalidData,
                    $"Storage sent no MD5 for bytes {range.Offset}-{range.Offset + range.Length - 1} of {Redaction.Url(blob.Uri)}, so the download cannot be checked.", Redaction.Url(blob.Uri));
            }

            (long copied, byte[] actual) = await CopyHashedAsync(result.Content, file, range.Offset, buffer, md5, cancellationToken).ConfigureAwait(false);
            if (copied == range.Length && actual.AsSpan().SequenceEqual(expected))
            {
                return;
            }

            if (attempt == Attempts)
            {
                throw new BlobBatchException("DownloadHashMismatch", ErrorKind.InvalidData,
                    $"Bytes {range.Offset}-{range.Offset + range.Length - 1} of {Redaction.Url(blob.Uri)} did not match the MD5 storage sent, {Attempts} times in a row.", Redaction.Url(blob.Uri));
            }
        }
    }

    // One hash per worker, reset by each range's GetHashAndReset. The write is synchronous: a 64 KiB
    // write lands in the page cache in microseconds, and WriteAsync on a file opened for synchronous
    // I/O would queue each chunk to another pool thread (which the pool answers with more threads).
    private static async Task<(long Copied, byte[] Hash)> CopyHashedAsync(Stream source, FileStream target, long offset, byte[] buffer, IncrementalHash md5, CancellationToken cancellationToken)
    {
        target.Position = offset;
        long copied = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            target.Write(buffer, 0, read);
            copied += read;
        }

        return (copied, md5.GetHashAndReset());
    }
}
