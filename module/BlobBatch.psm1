# BlobBatch needs PowerShell 7.4 or later, as its manifest says. An import that gets here anyway in
# Windows PowerShell (which has no load contexts to isolate the module in) stops with these words.
if ($PSEdition -ne 'Core') {
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.PlatformNotSupportedException]::new('BlobBatch needs PowerShell 7.4 or later. Windows PowerShell is not supported.'),
        'WindowsPowerShellNotSupported', [System.Management.Automation.ErrorCategory]::NotInstalled, $null)
}

# Everything BlobBatch ships goes into its own AssemblyLoadContext, so another module's Azure.Core in
# the session cannot clash with ours.
# Assembly.LoadFrom, not Add-Type: Add-Type brings the C# compiler's assemblies in with it (7 MB).
$null = [System.Reflection.Assembly]::LoadFrom((Join-Path $PSScriptRoot 'bin/BlobBatch.Loader.dll'))
$moduleAssembly = [BlobBatch.Loader.ModuleLoadContext]::LoadModule((Join-Path $PSScriptRoot 'bin/lib'))

$innerModule = Import-Module -Assembly $moduleAssembly -PassThru -ErrorAction Stop

# Cmdlets imported from an assembly here are nested; hand them to this module so they export.
$addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
    'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
    $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
}
