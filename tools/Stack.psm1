# The local test stack: Azurite and the batch emulator on free loopback ports.
# One code path for tests, the demo and benchmarks. Every process is stopped by its own id.
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot 'AzuriteRest.psm1')

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        $listener.LocalEndpoint.Port
    }
    finally {
        $listener.Stop()
    }
}

function Wait-HttpAnswer {
    param([Parameter(Mandatory)][string] $Uri, [int] $TimeoutSeconds = 60, [System.Diagnostics.Process] $Process)
    $client = [System.Net.Http.HttpClient]::new()
    $client.Timeout = [TimeSpan]::FromSeconds(2)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    try {
        while ([DateTime]::UtcNow -lt $deadline) {
            if ($Process -and $Process.HasExited) {
                throw "The process for $Uri exited with code $($Process.ExitCode) before answering."
            }
            try {
                # Any HTTP answer, even 4xx, means the server is up.
                $null = $client.GetAsync($Uri).GetAwaiter().GetResult()
                return
            }
            catch [System.Net.Http.HttpRequestException], [System.Threading.Tasks.TaskCanceledException] {
                Start-Sleep -Milliseconds 200
            }
            catch {
                if ($_.Exception.InnerException -is [System.Net.Http.HttpRequestException] -or
                    $_.Exception.InnerException -is [System.Threading.Tasks.TaskCanceledException]) {
                    Start-Sleep -Milliseconds 200
                }
                else { throw }
            }
        }
        throw "Nothing answered at $Uri within $TimeoutSeconds s."
    }
    finally {
        $client.Dispose()
    }
}

function Start-LoggedProcess {
    param([string] $FilePath, [string[]] $ArgumentList, [string] $LogPath, [hashtable] $Environment = @{})
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($arg in $ArgumentList) { $info.ArgumentList.Add($arg) }
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = $Environment[$key] }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::new()
    $process.StartInfo = $info
    $log = [System.IO.StreamWriter]::new($LogPath, $true)
    $log.AutoFlush = $true
    # Drain both pipes so a chatty child never blocks on a full pipe.
    $handler = { if ($null -ne $EventArgs.Data) { $Event.MessageData.WriteLine($EventArgs.Data) } }
    $null = Register-ObjectEvent -InputObject $process -EventName OutputDataReceived -Action $handler -MessageData $log
    $null = Register-ObjectEvent -InputObject $process -EventName ErrorDataReceived -Action $handler -MessageData $log
    $null = $process.Start()
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()
    $process
}

function Wait-StartedProcess {
    <# Waits until a process just started answers at its address; stops it when it never does. #>
    param([Parameter(Mandatory)][System.Diagnostics.Process] $Process, [Parameter(Mandatory)][string] $Uri)
    try {
        Wait-HttpAnswer -Uri $Uri -Process $Process -TimeoutSeconds 60
    }
    catch {
        Stop-StackProcess -Id $Process.Id
        throw
    }
}

function Start-Azurite {
    <#
    .SYNOPSIS
    Starts Azurite's blob service on a free 127.0.0.1 port, data in a temp folder. Returns its endpoint, connection string and process id.
    #>
    param(
        [Parameter(Mandatory)][string] $AzuriteRoot,
        [string] $DataPath = (Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-azurite-" + [guid]::NewGuid().ToString('n'))),
        [int] $Port = 0,
        # Azurite's debug log: one 'RequestMethod=… RequestURL=…' line per request, so a test can prove what was (not) asked for.
        [string] $DebugLogPath
    )
    $main = Join-Path $AzuriteRoot 'node_modules/azurite/dist/src/blob/main.js'
    if (-not (Test-Path -LiteralPath $main)) { throw "Azurite is not installed at $AzuriteRoot; run ./build.ps1 bootstrap." }
    if ($Port -eq 0) { $Port = Get-FreeLoopbackPort }
    $null = New-Item -ItemType Directory -Force -Path $DataPath
    # --disableTelemetry: without it Azurite calls a non-loopback address and hangs on shutdown.
    $arguments = @($main, '--blobHost', '127.0.0.1', '--blobPort', "$Port", '--location', $DataPath,
        '--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent')
    if ($DebugLogPath) { $arguments += @('--debug', $DebugLogPath) }
    $process = Start-LoggedProcess -FilePath 'node' -ArgumentList $arguments -LogPath (Join-Path $DataPath 'azurite.log')
    $account = Get-AzuriteAccount -Port $Port
    Wait-StartedProcess -Process $process -Uri "$($account.BlobEndpoint)?comp=list"
    [pscustomobject]@{
        ProcessId        = $process.Id
        Port             = $Port
        DataPath         = $DataPath
        BlobEndpoint     = $account.BlobEndpoint
        AccountName      = $account.Name
        ConnectionString = $account.ConnectionString
    }
}

# The deployments the stack's emulator serves; written to the stack file so tests and the demo need not guess.
$script:StackDeployments = @(
    [ordered]@{ name = 'gpt-4o-batch'; model = 'gpt-4o'; sku = 'GlobalBatch'; maxEnqueuedTokens = 5000000 }
    [ordered]@{ name = 'gpt-4o-mini-batch'; model = 'gpt-4o-mini'; sku = 'DataZoneBatch'; maxEnqueuedTokens = 15000000 }
    [ordered]@{ name = 'gpt-4o-standard'; model = 'gpt-4o'; sku = 'Standard'; maxEnqueuedTokens = 0 }
    [ordered]@{ name = 'gpt-5-batch'; model = 'gpt-5'; sku = 'GlobalBatch'; maxEnqueuedTokens = 5000000 }
)

function Start-Emulator {
    <#
    .SYNOPSIS
    Starts the published batch emulator on a free 127.0.0.1 port against the given Azurite; returns its endpoint, key and process id.
    .DESCRIPTION
    Configuration goes through Emulator__* environment variables, not the command line, so the key does not show in process lists.
    #>
    param(
        [Parameter(Mandatory)][string] $EmulatorDll,
        [Parameter(Mandatory)][string] $StorageConnectionString,
        [string] $DataPath = (Join-Path ([System.IO.Path]::GetTempPath()) ("blobbatch-emulator-" + [guid]::NewGuid().ToString('n'))),
        [hashtable] $Pacing = @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0; Concurrency = 8; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 },
        # Ordered hashtables with name, model, sku and maxEnqueuedTokens; the stack's four by default.
        [System.Collections.IDictionary[]] $Deployments = $script:StackDeployments,
        # Further Emulator settings by key, e.g. @{ ExpirySeconds = 2 }.
        [hashtable] $Settings = @{},
        # Given again when restarting an emulator, so its clients keep working.
        [string] $ApiKey = [guid]::NewGuid().ToString('n'),
        [int] $Port = 0
    )
    if (-not (Test-Path -LiteralPath $EmulatorDll)) { throw "The emulator is not published at $EmulatorDll; run ./build.ps1 stack (it publishes it first)." }
    if ($Port -eq 0) { $Port = Get-FreeLoopbackPort }
    $null = New-Item -ItemType Directory -Force -Path $DataPath
    $apiKey = $ApiKey
    $environment = @{
        Emulator__ApiKey                  = $apiKey
        Emulator__StorageConnectionString = $StorageConnectionString
        Emulator__DataPath                = $DataPath
        DOTNET_CLI_TELEMETRY_OPTOUT       = '1'
        DOTNET_NOLOGO                     = '1'
    }
    foreach ($key in $Settings.Keys) {
        $environment["Emulator__$key"] = [string]::Format([cultureinfo]::InvariantCulture, '{0}', $Settings[$key])
    }
    foreach ($key in $Pacing.Keys) {
        $environment["Emulator__Pacing__$key"] = [string]::Format([cultureinfo]::InvariantCulture, '{0}', $Pacing[$key])
    }
    for ($i = 0; $i -lt $Deployments.Count; $i++) {
        foreach ($field in 'name', 'model', 'sku', 'maxEnqueuedTokens') {
            $environment["Emulator__Deployments__${i}__$field"] = [string]$Deployments[$i][$field]
        }
    }
    $baseUrl = "http://127.0.0.1:$Port"
    $process = Start-LoggedProcess -FilePath 'dotnet' -ArgumentList @($EmulatorDll, '--urls', $baseUrl) `
        -LogPath (Join-Path $DataPath 'emulator.log') -Environment $environment
    Wait-StartedProcess -Process $process -Uri "$baseUrl/_emulator/health"
    [pscustomobject]@{
        ProcessId     = $process.Id
        Port          = $Port
        DataPath      = $DataPath
        Endpoint      = $baseUrl
        AdminEndpoint = "$baseUrl/_emulator"
        ApiKey        = $apiKey
        Deployments   = @($Deployments | ForEach-Object { [pscustomobject]@{ name = $_.name; model = $_.model; sku = $_.sku } })
    }
}

function Stop-StackProcess {
    <#
    .SYNOPSIS
    Stops a stack process by its id: politely first (SIGTERM, so Azurite saves its metadata and the
    emulator its state), then by force after a few seconds.
    #>
    param([Parameter(Mandatory)][int] $Id, [int] $GraceSeconds = 5)
    $process = Get-Process -Id $Id -ErrorAction SilentlyContinue
    if (-not $process) { return }
    if (-not $IsWindows) {
        & /bin/kill -s TERM $Id 2>$null
        if ($process.WaitForExit($GraceSeconds * 1000)) { return }
    }
    $process.Kill($true)
    $null = $process.WaitForExit(10000)
}

function Start-BlobBatchStack {
    <#
    .SYNOPSIS
    Starts the local stack and writes its description to a JSON file that tests and the demo read.
    #>
    param(
        [Parameter(Mandatory)][string] $RepoRoot,
        [Parameter(Mandatory)][string] $StackFile,
        # Published by Invoke-EmulatorPublish (tools/BuildTasks.psm1).
        [string] $EmulatorDll = (Join-Path $RepoRoot 'out/emulator/BlobBatch.Emulator.dll')
    )
    $azurite = Start-Azurite -AzuriteRoot (Join-Path $RepoRoot 'tools/azurite')
    $stack = [ordered]@{
        blobEndpoint            = $azurite.BlobEndpoint
        storageAccount          = $azurite.AccountName
        storageConnectionString = $azurite.ConnectionString
        inputContainer          = 'batch-input'
        outputContainer         = 'batch-output'
        azuriteDataPath         = $azurite.DataPath
        processIds              = @($azurite.ProcessId)
    }
    try {
        foreach ($container in $stack.inputContainer, $stack.outputContainer) {
            Set-AzuriteContainer -BlobEndpoint $azurite.BlobEndpoint -Name $container
        }
        $emulator = Start-Emulator -EmulatorDll $EmulatorDll -StorageConnectionString $azurite.ConnectionString
    }
    catch {
        Stop-StackProcess -Id $azurite.ProcessId
        Remove-Item -Recurse -Force -LiteralPath $azurite.DataPath -ErrorAction SilentlyContinue
        throw
    }
    $stack.openaiEndpoint = $emulator.Endpoint
    $stack.apiKey = $emulator.ApiKey
    $stack.adminEndpoint = $emulator.AdminEndpoint
    $stack.deployments = $emulator.Deployments
    $stack.emulatorDataPath = $emulator.DataPath
    $stack.processIds = @($azurite.ProcessId, $emulator.ProcessId)
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $StackFile)
    $stack | ConvertTo-Json | Set-Content -LiteralPath $StackFile -Encoding utf8NoBOM
    [pscustomobject]$stack
}

function Stop-BlobBatchStack {
    param([Parameter(Mandatory)][string] $StackFile)
    if (-not (Test-Path -LiteralPath $StackFile)) { return }
    $stack = Get-Content -Raw -LiteralPath $StackFile | ConvertFrom-Json
    foreach ($id in $stack.processIds) { Stop-StackProcess -Id $id }
    foreach ($property in 'azuriteDataPath', 'emulatorDataPath') {
        $entry = $stack.PSObject.Properties[$property]
        if ($entry -and $entry.Value -and (Test-Path -LiteralPath $entry.Value)) {
            Remove-Item -Recurse -Force -LiteralPath $entry.Value -ErrorAction SilentlyContinue
        }
    }
    Remove-Item -LiteralPath $StackFile -Force
}

Export-ModuleMember -Function Get-FreeLoopbackPort, Wait-HttpAnswer, Start-Azurite, Start-Emulator, Stop-StackProcess, Start-BlobBatchStack, Stop-BlobBatchStack
