using System.Reflection;

namespace BlobBatch.LoadTest;

/// <summary>
/// Resolves the references of the payload's assemblies through the module's context, as the runtime
/// does when their code runs, and remembers which of them bin/lib served, to tell what the module
/// needs. References that the host serves are not followed further: the host's own are consistent.
/// </summary>
internal sealed class PayloadReferences
{
    private readonly LoadedModule _module;
    private readonly Dictionary<string, HashSet<string>> _fromLib = new(StringComparer.OrdinalIgnoreCase);

    public PayloadReferences(LoadedModule module)
    {
        _module = module;
    }

    /// <summary>Resolves every reference of the assembly; throws <see cref="CheckFailed"/> naming those that do not resolve at the version asked for.</summary>
    public string Resolve(Assembly assembly)
    {
        var problems = new List<string>();
        var fromLib = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int fromHost = 0;
        var notShipped = new List<string>();
        foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
        {
            if (NotShipped.ByPowerShell(reference) || NotShipped.OnPurpose(reference))
            {
                notShipped.Add(reference.Name!);
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

        _fromLib[assembly.GetName().Name!] = fromLib;
        if (problems.Count > 0)
        {
            throw new CheckFailed(string.Join("; ", problems));
        }

        string others = notShipped.Count > 0 ? $", not shipped: {string.Join(", ", notShipped)}" : string.Empty;
        return $"{fromLib.Count} from bin/lib, {fromHost} from the host{others}";
    }

    /// <summary>For each assembly reached from the cmdlet assembly through references bin/lib served: the assemblies that refer to it.</summary>
    public Dictionary<string, List<string>> ReferrersReachableFromModule()
    {
        var referrers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        string start = _module.ModuleAssembly.GetName().Name!;
        var pending = new Queue<string>(new[] { start });
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
        while (pending.TryDequeue(out string? name))
        {
            foreach (string reference in _fromLib.GetValueOrDefault(name) ?? new HashSet<string>())
            {
                if (!referrers.TryGetValue(reference, out List<string>? by))
                {
                    referrers[reference] = by = new List<string>();
                }

                by.Add(name);
                if (seen.Add(reference))
                {
                    pending.Enqueue(reference);
                }
            }
        }

        return referrers;
    }
}
