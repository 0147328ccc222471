using Azure.Core;
using Azure.Storage.Blobs;
using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Storage;

/// <summary>
/// The resource's managed identity, played by a connection string to Azurite plus a per-container permission table.
/// Blob URLs map to that one account; a URL of any other account is unreachable, as it would be without a role there.
/// </summary>
public sealed class StorageAccess
{
    private readonly BlobServiceClient? _service;
    private readonly List<StoragePermission> _permissions;

    public StorageAccess(EmulatorOptions options)
    {
        _permissions = options.Permissions;
        if (!string.IsNullOrWhiteSpace(options.StorageConnectionString))
        {
            var clientOptions = new BlobClientOptions();
            clientOptions.Diagnostics.IsLoggingEnabled = false;
            clientOptions.Diagnostics.IsLoggingContentEnabled = false;
            clientOptions.Diagnostics.IsTelemetryEnabled = false;
            clientOptions.Retry.Mode = RetryMode.Fixed;
            clientOptions.Retry.MaxRetries = 2;
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(100);
            _service = new BlobServiceClient(options.StorageConnectionString, clientOptions);
        }
    }

    public bool IsConfigured => _service is not null;

    public BlobLocation? Resolve(string url)
    {
        if (_service is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            return null;
        }

        var parts = new BlobUriBuilder(uri);
        if (!string.Equals(parts.AccountName, _service.AccountName, StringComparison.Ordinal)
            || string.IsNullOrEmpty(parts.BlobContainerName))
        {
            return null;
        }

        return new BlobLocation(parts.BlobContainerName, parts.BlobName ?? string.Empty);
    }

    public bool CanRead(BlobLocation location) => Grant(location.Container)?.Read ?? false;

    public bool CanWrite(BlobLocation location) => Grant(location.Container)?.Write ?? false;

    public BlobClient Blob(BlobLocation location) => Container(location).GetBlobClient(location.Name);

    public BlobContainerClient Container(BlobLocation location) =>
        (_service ?? throw new InvalidOperationException("No storage connection string is configured.")).GetBlobContainerClient(location.Container);

    private StoragePermission? Grant(string container)
    {
        if (_permissions.Count == 0)
        {
            return new StoragePermission();
        }

        return _permissions.FirstOrDefault(p => string.Equals(p.Container, container, StringComparison.Ordinal))
               ?? _permissions.FirstOrDefault(p => p.Container == "*");
    }
}
