using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace BlobBatch.Loader;

/// <summary>
/// Loads BlobBatch and everything it ships into a load context of its own, so the module works in a
/// session that already loaded another Azure.Core (Az.Accounts, Microsoft.Graph) and never disturbs it.
/// Assemblies the runtime or PowerShell itself provides are left to the default context: a second copy
/// of those would split types such as Span or PSObject in two. That holds only while the host's copy
/// is at least the version asked for: PowerShell 7.4 runs on .NET 8, whose System.Text.Json is 8.0
/// where the payload asks for 10.0, and the default context cannot load a newer one beside its own.
/// Then the module's copy loads here, in the module's context, where no host type depends on it.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static ModuleLoadContext? _instance;

    private readonly string _directory;
    private readonly HostAssemblies _host;

    private ModuleLoadContext(string directory)
        : base("BlobBatch", isCollectible: false)
    {
        _directory = directory;
        _host = HostAssemblies.FromTrustedPlatformList();
    }

    /// <summary>Loads the module assembly from <paramref name="directory"/>; repeated imports reuse the same context.</summary>
    public static Assembly LoadModule(string directory)
    {
        lock (Gate)
        {
            _instance ??= new ModuleLoadContext(Path.GetFullPath(directory));
            return _instance.LoadFromAssemblyName(new AssemblyName("BlobBatch"));
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || _host.Satisfies(assemblyName))
        {
            return null;
        }

        // One the host lacks, or has only older than asked for: ours. Without a copy of ours, the host's is all there is.
        string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
