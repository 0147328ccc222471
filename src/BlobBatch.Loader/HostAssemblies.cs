using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace BlobBatch.Loader;

/// <summary>
/// The assemblies the host process was started with (its trusted platform list: the runtime's and
/// PowerShell's own), and their versions, read from each file's assembly name when first asked for.
/// </summary>
internal sealed class HostAssemblies
{
    private readonly Dictionary<string, string> _paths;
    private readonly ConcurrentDictionary<string, Version?> _versions = new(StringComparer.OrdinalIgnoreCase);

    private HostAssemblies(Dictionary<string, string> paths)
    {
        _paths = paths;
    }

    public static HostAssemblies FromTrustedPlatformList()
    {
        string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            paths[Path.GetFileNameWithoutExtension(path)] = path;
        }

        return new HostAssemblies(paths);
    }

    /// <summary>Whether the host has this assembly at the version asked for or a later one.</summary>
    public bool Satisfies(AssemblyName requested)
    {
        if (requested.Name is null || !_paths.TryGetValue(requested.Name, out string? path))
        {
            return false;
        }

        Version? hostVersion = _versions.GetOrAdd(requested.Name, _ => AssemblyName.GetAssemblyName(path).Version);
        return requested.Version is null || (hostVersion is not null && hostVersion >= requested.Version);
    }
}
