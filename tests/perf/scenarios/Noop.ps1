# Does nothing: run by the bench in a fresh process with the module imported, its peak is the floor
# every scenario's peak stands on (pwsh, the module, the runner).
param([string] $OutDir)
