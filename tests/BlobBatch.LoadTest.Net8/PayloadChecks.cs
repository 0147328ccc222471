using System.Reflection;

namespace BlobBatch.LoadTest;

/// <summary>
/// Every assembly in bin/lib: it loads through the module's context (from bin/lib, or the host's copy
/// when that is at least as new), every reference of those from bin/lib resolves through that context
/// at no lower a version than asked for, and their types load. References that the host serves are
/// not followed further: the host's own assemblies are consistent.
/// </summary>
internal sealed class PayloadChecks
{
    private readonly LoadedModule _module;
    private readonly CheckLog _log;
    private readonly SortedDictionary<string, Assembly> _fromLib = new(StringComparer.OrdinalIgnoreCase);

    public PayloadChecks(LoadedModule module, CheckLog log)
    {
        _module = module;
        _log = log;
    }

    public void Run()
    {
        foreach (string file in Directory.GetFiles(_module.LibDirectory, "*.dll").Order(StringComparer.OrdinalIgnoreCase))
        {
            _log.Run($"{Path.GetFileNameWithoutExtension(file)} loads", () => Load(file));
        }

        foreach (Assembly assembly in _fromLib.Values)
        {
            _log.Run($"{assembly.GetName().Name}'s references resolve", () => ResolveReferences(assembly));
        }

        // The cmdlet assembly's types derive from PSCmdlet, which only PowerShell has.
        foreach (Assembly assembly in _fromLib.Values.Where(a => a != _module.ModuleAssembly))
        {
            _log.Run($"{assembly.GetName().Name}'s types load", () => LoadTypes(assembly));
        }
    }

    private string Load(string file)
    {
        AssemblyName shipped = AssemblyName.GetAssemblyName(file);
        Assembly loaded = _module.Context.LoadFromAssemblyName(shipped);
        if (!_module.IsFromLib(loaded))
        {
            return $"the host's {loaded.GetName().Version} serves it";
        }

        _fromLib[shipped.Name!] = loaded;
        return $"{loaded.GetName().Version} from bin/lib";
    }

    private string ResolveReferences(Assembly assembly)
    {
        var problems = new List<string>();
        var fromLib = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int fromHost = 0, leftToPowerShell = 0;
        foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
        {
            if (PowerShellProvides(reference))
            {
                leftToPowerShell++;
                continue;
            }

            try
            {
                Assembly resolved = _module.Context.LoadFromAssemblyName(reference);
                if (resolved.GetName().Version < reference.Version)
                {
                    problems.Add($"{reference.Name} {reference.Version} resolved to {resolved.GetName().Version}");
                }
                else if (_module.IsFromLib(resolved))
                {
                    fromLib.Add(resolved.GetName().Name!);
                }
                else
                {
                    fromHost++;
                }
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                problems.Add($"{reference.Name} {reference.Version} does not resolve ({e.GetType().Name})");
            }
        }

        if (problems.Count > 0)
        {
            throw new CheckFailed(string.Join("; ", problems));
        }

        string powerShell = leftToPowerShell > 0 ? $", {leftToPowerShell} left to PowerShell" : string.Empty;
        return $"{fromLib.Count} from bin/lib, {fromHost} from the host{powerShell}";
    }

    // PowerShell provides these in the real host; a bare .NET 8 process has none of them.
    private static bool PowerShellProvides(AssemblyName reference) =>
        reference.Name == "System.Management.Automation"
        || reference.Name!.StartsWith("Microsoft.PowerShell.", StringComparison.Ordinal);

    private static string LoadTypes(Assembly assembly)
    {
        try
        {
            return $"{assembly.GetTypes().Length} types";
        }
        catch (ReflectionTypeLoadException e)
        {
            IEnumerable<string> reasons = e.LoaderExceptions.Select(l => CheckLog.OneLine(l?.Message ?? "?")).Distinct().Take(3);
            throw new CheckFailed($"{e.LoaderExceptions.Length} types fail: " + string.Join("; ", reasons));
        }
    }
}
