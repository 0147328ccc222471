using Azure;
using BlobBatch.Emulator.Batches;
using BlobBatch.Emulator.Configuration;
using BlobBatch.Emulator.Files;
using BlobBatch.Emulator.Storage;

namespace BlobBatch.Emulator.Output;

/// <summary>Publishes a batch's work files: to {output_folder}/{guid}/ in blob mode, as batch_output files otherwise.</summary>
public sealed class OutputPublisher(StorageAccess storage, FileStore files, BatchStore batches, EmulatorOptions options)
{
    public const string OutputNoPermissions = "output_no_permissions";
    public const string ResultsName = "results.jsonl";
    public const string ErrorsName = "errors.jsonl";

    /// <summary>In blob mode, null when the identity can write to the output folder's container, otherwise the error.</summary>
    public async Task<BatchError?> CheckTargetAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (!batch.IsBlobMode)
        {
            return null;
        }

        BlobLocation? folder = storage.Resolve(batch.OutputFolderUrl!);
        bool writable = folder is not null && storage.CanWrite(folder);
        if (writable)
        {
            try
            {
                writable = (await storage.Container(folder!).ExistsAsync(cancellationToken)).Value;
            }
            catch (RequestFailedException)
            {
                writable = false;
            }
        }

        return writable
            ? null
            : new BatchError(OutputNoPermissions,
                $"The service cannot write to the output folder '{batch.OutputFolderUrl}'. Check that the container exists and that the resource's managed identity has Storage Blob Data Contributor on it.");
    }

    /// <summary>The URL a published file has (or would have) under the output folder.</summary>
    public static string UrlFor(BatchRecord batch, string fileName)
    {
        string delimiter = batch.OutputDelimiter;
        string folder = batch.OutputFolderUrl!.EndsWith(delimiter, StringComparison.Ordinal) ? batch.OutputFolderUrl : batch.OutputFolderUrl + delimiter;
        return folder + batch.OutputGuid + delimiter + fileName;
    }

    public async Task PublishAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        string folder = WorkFiles.FolderFor(options.DataPath, batch.Id);
        string results = Path.Combine(folder, ResultsName);
        string errors = Path.Combine(folder, ErrorsName);
        if (batch.IsBlobMode)
        {
            await UploadIfAnyAsync(batch, results, ResultsName, cancellationToken);
            await UploadIfAnyAsync(batch, errors, ErrorsName, cancellationToken);
            return;
        }

        if (BatchStore.Read(batch, b => b.ErrorFileId) is not null)
        {
            return;
        }

        // Like the service: an error file even when empty; no output file when nothing succeeded.
        byte[] resultBytes = File.Exists(results) ? await File.ReadAllBytesAsync(results, cancellationToken) : [];
        byte[] errorBytes = File.Exists(errors) ? await File.ReadAllBytesAsync(errors, cancellationToken) : [];
        string? outputId = resultBytes.Length > 0 ? files.Create(FilePurposes.BatchOutput, batch.Id + "_output.jsonl", resultBytes).Id : null;
        string errorId = files.Create(FilePurposes.BatchOutput, batch.Id + "_error.jsonl", errorBytes).Id;
        batches.Update(batch, b =>
        {
            b.OutputFileId = outputId;
            b.ErrorFileId = errorId;
        });
    }

    private async Task UploadIfAnyAsync(BatchRecord batch, string path, string fileName, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }

        BlobLocation folder = storage.Resolve(batch.OutputFolderUrl!)!;
        string prefix = folder.Name.Length == 0 || folder.Name.EndsWith(batch.OutputDelimiter, StringComparison.Ordinal)
            ? folder.Name
            : folder.Name + batch.OutputDelimiter;
        string name = prefix + batch.OutputGuid + batch.OutputDelimiter + fileName;
        await using FileStream content = File.OpenRead(path);
        await storage.Container(folder).GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken);
    }
}
