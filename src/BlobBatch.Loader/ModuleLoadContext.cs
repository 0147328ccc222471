using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace BlobBatch.Loader;

/// <summary>
/// Loads BlobBatch and everything it ships into a load context of its own, so the module works in a
/// session that already loaded another Azure.Core (Az.Accounts, Microsoft.Graph) and never disturbs it.
/// Assemblies the runtime or PowerShell itself provides are left to the default context: a second copy
/// of those would split types such as Span or PSObject in two.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static ModuleLoadContext? _instance;

    private readonly string _directory;
    private readonly HashSet<string> _platformAssemblies;

    private ModuleLoadContext(string directory)
        : base("BlobBatch", isCollectible: false)
    {
        _directory = directory;
        _platformAssemblies = PlatformAssemblyNames();
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
        if (assemblyName.Name is null || _platformAssemblies.Contains(assemblyName.Name))
        {
            return null;
        }

        string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    // The runtime's and PowerShell's own assemblies: everything on the host's trusted list.
    private static HashSet<string> PlatformAssemblyNames()
    {
        string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        return new HashSet<string>(
            list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileNameWithoutExtension)!,
            StringComparer.OrdinalIgnoreCase);
    }
}
