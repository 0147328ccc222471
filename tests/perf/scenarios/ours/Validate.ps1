# Validation of an existing JSONL with the service's rules (streaming, tokens counted), no split needed.
param([string] $JsonlPath, [string] $OutDir, [string] $Deployment)
New-BatchInputFile -LiteralPath $JsonlPath -Deployment $Deployment | Out-Null
