# Shared by the Pester tests: the built module, the running stack, and fresh pwsh processes.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../../tools/AzuriteRest.psm1')

function Get-TestModuleManifest {
    if (-not $env:BLOBBATCH_MODULE_MANIFEST) { throw 'BLOBBATCH_MODULE_MANIFEST is not set; run the tests through ./build.ps1 test.' }
    $env:BLOBBATCH_MODULE_MANIFEST
}

function Get-TestStack {
    if (-not $env:BLOBBATCH_STACK_FILE) { throw 'BLOBBATCH_STACK_FILE is not set; run the tests through ./build.ps1 test.' }
    Get-Content -Raw -LiteralPath $env:BLOBBATCH_STACK_FILE | ConvertFrom-Json
}

function ConvertTo-TestSecret {
    param([Parameter(Mandatory)][string] $Text)
    ConvertTo-SecureString -String $Text -AsPlainText -Force
}

function Get-TestConnection {
    <# Connect-BlobBatch's parameters for the test stack (key auth, storage by connection string), to splat. #>
    param([Parameter(Mandatory)] $Stack)
    @{
        Endpoint                = $Stack.openaiEndpoint
        ApiKey                  = ConvertTo-TestSecret $Stack.apiKey
        StorageConnectionString = ConvertTo-TestSecret $Stack.storageConnectionString
    }
}

function New-TestContainer {
    <# Creates a uniquely named container in Azurite and returns its name. #>
    param([string] $Prefix = 'test')
    $name = "$Prefix-$([guid]::NewGuid().ToString('n').Substring(0, 12))"
    Set-AzuriteContainer -BlobEndpoint (Get-TestStack).blobEndpoint -Name $name
    $name
}

function Get-TestBlobNames {
    <# The names of the blobs in an Azurite container. #>
    param([Parameter(Mandatory)][string] $Container)
    Get-AzuriteBlobNames -BlobEndpoint (Get-TestStack).blobEndpoint -Container $Container
}

function Get-TestBlobText {
    <# The text of one blob in an Azurite container. #>
    param([Parameter(Mandatory)][string] $Container, [Parameter(Mandatory)][string] $Name)
    $response = Invoke-AzuriteRequest -BlobEndpoint (Get-TestStack).blobEndpoint -Path "$Container/$Name"
    if ($response.Status -ne 200) { throw "Reading blob '$Container/$Name' answered $($response.Status)." }
    $response.Body
}

function Set-EmulatorFaults {
    <# Replaces the emulator's fault plan, e.g. @{ requestFailureRate = 0.5 } or @{ rules = @(@{ kind = 'Throttle'; operation = 'get'; count = 2 }) }. #>
    param([Parameter(Mandatory)][hashtable] $Plan, [string] $AdminEndpoint = (Get-TestStack).adminEndpoint)
    $null = Invoke-RestMethod -Method Post -Uri "$($AdminEndpoint.TrimEnd('/'))/faults" -ContentType 'application/json' -Body ($Plan | ConvertTo-Json -Depth 5)
}

function Clear-EmulatorFaults {
    param([string] $AdminEndpoint = (Get-TestStack).adminEndpoint)
    $null = Invoke-RestMethod -Method Delete -Uri "$($AdminEndpoint.TrimEnd('/'))/faults"
}

function Invoke-FreshPwsh {
    <# Runs a script in a new pwsh process and returns its standard output lines. #>
    param([Parameter(Mandatory)][string] $Script, [hashtable] $Environment = @{})
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-test-" + [guid]::NewGuid().ToString('n') + '.ps1')
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8NoBOM
    try {
        $host_ = [Environment]::ProcessPath
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $file)
        # Under 'dotnet pwsh' the process is dotnet itself; hand it pwsh.dll.
        if ([System.IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { $arguments = @((Join-Path $PSHOME 'pwsh.dll')) + $arguments }
        $saved = @{}
        foreach ($name in $Environment.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $Environment[$name])
        }
        try { $output = & $host_ @arguments 2>&1 }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
    }
    finally { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Get-TestBlobNames, Get-TestBlobText, Set-EmulatorFaults, Clear-EmulatorFaults, Get-TestModuleManifest, Get-TestStack, ConvertTo-TestSecret, Get-TestConnection, New-TestContainer, Invoke-FreshPwsh
