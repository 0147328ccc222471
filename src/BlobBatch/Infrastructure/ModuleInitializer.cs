using System.Management.Automation;
using BlobBatch.Core.IO;

namespace BlobBatch.Infrastructure;

/// <summary>
/// Runs when PowerShell imports the module. A fresh pwsh often holds about 10 MB of native heap that
/// its start-up freed but glibc kept; giving it back here lowers everything the session does next,
/// not only BlobBatch's own runs (which trim again as they start).
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport() => NativeHeap.Trim();
}
