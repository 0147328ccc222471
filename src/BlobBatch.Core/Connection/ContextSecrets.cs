using System;
using System.Runtime.InteropServices;
using System.Security;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Connection;

/// <summary>
/// The secrets a context holds. Internal and property-less on the context, so neither formatting,
/// <c>Select-Object *</c> nor <c>ConvertTo-Json</c> can reach them. Plain text exists only for the
/// moment a client is built.
/// </summary>
internal sealed class ContextSecrets
{
    public ContextSecrets(SecureString? apiKey, SecureString? storageSasToken, SecureString? storageConnectionString)
    {
        ApiKey = Freeze(apiKey);
        StorageSasToken = Freeze(storageSasToken);
        StorageConnectionString = Freeze(storageConnectionString);
    }

    public SecureString? ApiKey { get; }

    public SecureString? StorageSasToken { get; }

    public SecureString? StorageConnectionString { get; }

    /// <summary>An empty or blank secret is a mistake (an unset variable), refused before anything is sent.</summary>
    internal static void RequireNotEmpty(SecureString? secret, string parameter)
    {
        if (secret is not null && (secret.Length == 0 || string.IsNullOrWhiteSpace(Reveal(secret))))
        {
            throw new BlobBatchException(
                "EmptySecret", ErrorKind.InvalidArgument,
                $"{parameter} is empty. Pass the secret itself (is the variable that should hold it set?), or leave {parameter} out.",
                parameter);
        }
    }

    internal static string Reveal(SecureString secret)
    {
        IntPtr pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    // A copy the caller cannot change or dispose under us.
    private static SecureString? Freeze(SecureString? secret)
    {
        if (secret is null)
        {
            return null;
        }

        SecureString copy = secret.Copy();
        copy.MakeReadOnly();
        return copy;
    }
}
