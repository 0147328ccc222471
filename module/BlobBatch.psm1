# Chooses how the compiled module loads. On PowerShell 7 everything BlobBatch ships goes into its own
# AssemblyLoadContext, so another module's Azure.Core in the session cannot clash with ours.
# Windows PowerShell 5.1 has no load contexts: the netstandard2.0 build loads directly (best effort).
$libPath = Join-Path $PSScriptRoot 'bin/lib'
if ($PSEdition -eq 'Core') {
    # Assembly.LoadFrom, not Add-Type: Add-Type brings the C# compiler's assemblies in with it (7 MB).
    $null = [System.Reflection.Assembly]::LoadFrom((Join-Path $PSScriptRoot 'bin/BlobBatch.Loader.dll'))
    $moduleAssembly = [BlobBatch.Loader.ModuleLoadContext]::LoadModule($libPath)
}
else {
    $moduleAssembly = [System.Reflection.Assembly]::LoadFrom((Join-Path $libPath 'BlobBatch.dll'))
}

$innerModule = Import-Module -Assembly $moduleAssembly -PassThru -ErrorAction Stop

# Cmdlets imported from an assembly here are nested; hand them to this module so they export.
$addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
    'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
    $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
}
