namespace BlobBatch.Core.Connection;

public enum StorageAuthMethod
{
    EntraToken,
    SasToken,
    ConnectionString,
}
