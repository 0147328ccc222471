using System.Reflection;

namespace BlobBatch.LoadTest;

/// <summary>
/// Every assembly in bin/lib: it loads from bin/lib into the module's context (a file that the host's
/// copy always replaces, or that PowerShell provides, is dead weight), every reference it makes
/// resolves through that context at no lower a version than asked for, something the module loads
/// refers to it, and its types load.
/// </summary>
internal sealed class PayloadChecks
{
    private readonly LoadedModule _module;
    private readonly CheckLog _log;
    private readonly PayloadReferences _references;
    private readonly SortedDictionary<string, Assembly> _fromLib = new(StringComparer.OrdinalIgnoreCase);

    public PayloadChecks(LoadedModule module, CheckLog log)
    {
        _module = module;
        _log = log;
        _references = new PayloadReferences(module);
    }

    public void Run()
    {
        foreach (string file in Directory.GetFiles(_module.LibDirectory, "*.dll").Order(StringComparer.OrdinalIgnoreCase))
        {
            _log.Run($"{Path.GetFileNameWithoutExtension(file)} loads from bin/lib", () => LoadFromLib(file));
        }

        foreach (Assembly assembly in _fromLib.Values)
        {
            _log.Run($"{assembly.GetName().Name}'s references resolve", () => _references.Resolve(assembly));
        }

        Dictionary<string, List<string>> referrers = _references.ReferrersReachableFromModule();
        foreach (Assembly assembly in PayloadLibraries())
        {
            string name = assembly.GetName().Name!;
            _log.Run($"{name} is needed", () => referrers.TryGetValue(name, out List<string>? by)
                ? "referred to by " + string.Join(", ", by.Order(StringComparer.OrdinalIgnoreCase))
                : throw new CheckFailed("nothing the module loads refers to it"));
        }

        foreach (Assembly assembly in PayloadLibraries())
        {
            _log.Run($"{assembly.GetName().Name}'s types load", () => LoadTypes(assembly));
        }
    }

    // All but the cmdlet assembly, whose types derive from PSCmdlet, which only PowerShell has.
    private IEnumerable<Assembly> PayloadLibraries() => _fromLib.Values.Where(a => a != _module.ModuleAssembly);

    private string LoadFromLib(string file)
    {
        AssemblyName shipped = AssemblyName.GetAssemblyName(file);
        if (NotShipped.ByPowerShell(shipped))
        {
            throw new CheckFailed("PowerShell provides it; a copy in bin/lib is never loaded");
        }

        Assembly loaded = _module.Context.LoadFromAssemblyName(shipped);
        if (!_module.IsFromLib(loaded))
        {
            throw new CheckFailed($"the host's {loaded.GetName().Version} ({loaded.Location}) serves it, so the shipped {shipped.Version} is never loaded");
        }

        _fromLib[shipped.Name!] = loaded;
        return $"{loaded.GetName().Version}";
    }

    private static string LoadTypes(Assembly assembly)
    {
        try
        {
            return $"{assembly.GetTypes().Length} types";
        }
        catch (ReflectionTypeLoadException e)
        {
            Exception?[] failures = e.LoaderExceptions;
            if (failures.All(NotShipped.ExplainsTypeFailure))
            {
                int loaded = e.Types.Count(t => t is not null);
                return $"{loaded} types; {failures.Length} need an assembly left out on purpose";
            }

            IEnumerable<string> reasons = failures.Where(f => !NotShipped.ExplainsTypeFailure(f))
                .Select(f => CheckLog.OneLine(f?.Message ?? "?")).Distinct().Take(3);
            throw new CheckFailed($"{failures.Length} types fail: " + string.Join("; ", reasons));
        }
    }
}
