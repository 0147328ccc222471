using System.Reflection;
using System.Runtime.Loader;

namespace BlobBatch.LoadTest;

/// <summary>The built module loaded as BlobBatch.psm1 loads it on PowerShell 7: the loader into the
/// default context, then ModuleLoadContext.LoadModule(bin/lib).</summary>
/// <param name="LibDirectory">The module's bin/lib.</param>
/// <param name="ModuleAssembly">BlobBatch.dll, the cmdlet assembly.</param>
/// <param name="Context">The module's own load context, which every payload reference goes through.</param>
internal sealed record LoadedModule(string LibDirectory, Assembly ModuleAssembly, AssemblyLoadContext Context)
{
    public static LoadedModule Load(string moduleDirectory)
    {
        string bin = Path.Combine(Path.GetFullPath(moduleDirectory), "bin");
        string lib = Path.Combine(bin, "lib");
        Assembly loader = Assembly.LoadFrom(Path.Combine(bin, "BlobBatch.Loader.dll"));
        MethodInfo loadModule = loader.GetType("BlobBatch.Loader.ModuleLoadContext", throwOnError: true)!
            .GetMethod("LoadModule", BindingFlags.Public | BindingFlags.Static)
            ?? throw new CheckFailed("BlobBatch.Loader has no public static ModuleLoadContext.LoadModule");
        var module = (Assembly)loadModule.Invoke(null, new object[] { lib })!;
        AssemblyLoadContext context = AssemblyLoadContext.GetLoadContext(module)
            ?? throw new CheckFailed("the module assembly has no load context");
        return new LoadedModule(lib, module, context);
    }

    /// <summary>Whether this assembly is the file of that name in bin/lib, loaded into the module's context.</summary>
    public bool IsFromLib(Assembly assembly) =>
        AssemblyLoadContext.GetLoadContext(assembly) == Context
        && string.Equals(Path.GetDirectoryName(assembly.Location), LibDirectory, StringComparison.Ordinal);
}
