using System.Reflection;

namespace BlobBatch.LoadTest;

/// <summary>Assemblies the payload refers to but does not ship, and why.</summary>
internal static class NotShipped
{
    // Left out on purpose (BlobBatch.Loader.csproj says why): Azure.Storage.Blobs needs it only for
    // results in Arrow format, which BlobBatch never asks for. A reference to it stays unresolved,
    // and the few types built on its types cannot load.
    private static readonly string[] LeftOut = { "Apache.Arrow" };

    /// <summary>PowerShell provides these in the real host; a bare .NET 8 process has none of them.</summary>
    public static bool ByPowerShell(AssemblyName name) =>
        name.Name == "System.Management.Automation"
        || name.Name!.StartsWith("Microsoft.PowerShell.", StringComparison.Ordinal);

    public static bool OnPurpose(AssemblyName name) => LeftOut.Contains(name.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a type failed to load only for want of an assembly left out on purpose.</summary>
    public static bool ExplainsTypeFailure(Exception? failure) =>
        failure is FileNotFoundException { FileName: { } file } && OnPurpose(new AssemblyName(file));
}
