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

# The stack's default pacing: short dwells, so tests see every state without waiting long.
$script:StackPacing = @{ ValidatingSeconds = 0.2; RequestLatencySeconds = 0; Concurrency = 8; FinalizingSeconds = 0.2; CancellingSeconds = 0.2 }

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
        [hashtable] $Pacing = $script:StackPacing,
        # Ordered hashtables with name, model, sku, maxEnqueuedTokens and optionally tokensPerSecond; the stack's four by default.
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
        foreach ($field in 'name', 'model', 'sku', 'maxEnqueuedTokens', 'tokensPerSecond') {
            if ($Deployments[$i].Contains($field)) {
                $environment["Emulator__Deployments__${i}__$field"] = [string]::Format([cultureinfo]::InvariantCulture, '{0}', $Deployments[$i][$field])
            }
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
        # The same with the quota and the token rate (0 = not paced by tokens), for out/stack.json's resources.
        DeploymentSettings = @($Deployments | ForEach-Object {
                [pscustomobject][ordered]@{ name = $_.name; model = $_.model; sku = $_.sku
                    maxEnqueuedTokens = [long]$(if ($_.Contains('maxEnqueuedTokens')) { $_.maxEnqueuedTokens } else { 0 })
                    tokensPerSecond = [double]$(if ($_.Contains('tokensPerSecond')) { $_.tokensPerSecond } else { 0 }) }
            })
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
    .DESCRIPTION
    One Azurite and one or more emulator instances, each a resource of its own (its own loopback port,
    key, deployments, quotas and data folder) over that one Azurite, as several Azure OpenAI resources
    share one storage account. The file's top-level fields describe the first resource, as they always
    have; 'resources' lists them all.
    #>
    param(
        [Parameter(Mandatory)][string] $RepoRoot,
        [Parameter(Mandatory)][string] $StackFile,
        # Published by Invoke-EmulatorPublish (tools/BuildTasks.psm1).
        [string] $EmulatorDll = (Join-Path $RepoRoot 'out/emulator/BlobBatch.Emulator.dll'),
        # How many emulator resources; at least as many as -ResourceOptions gives.
        [ValidateRange(1, 16)][int] $Resources = 1,
        # Per resource (in order): @{ Deployments = @([ordered]@{ name; model; sku; maxEnqueuedTokens; tokensPerSecond }, …);
        # Pacing = @{ ValidatingSeconds = 2; … } (merged over the stack's pacing); Settings = @{ Key = value } }.
        # A resource without an entry gets the stack's four deployments and pacing.
        [System.Collections.IDictionary[]] $ResourceOptions = @()
    )
    $count = [Math]::Max($Resources, $ResourceOptions.Count)
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
    $emulators = [System.Collections.Generic.List[object]]::new()
    try {
        foreach ($container in $stack.inputContainer, $stack.outputContainer) {
            Set-AzuriteContainer -BlobEndpoint $azurite.BlobEndpoint -Name $container
        }
        for ($i = 0; $i -lt $count; $i++) {
            $options = if ($i -lt $ResourceOptions.Count) { $ResourceOptions[$i] } else { @{} }
            $emulators.Add((Start-StackResource -EmulatorDll $EmulatorDll -StorageConnectionString $azurite.ConnectionString -Options $options))
        }
    }
    catch {
        foreach ($emulator in $emulators) { Remove-StackResource -Emulator $emulator }
        Stop-StackProcess -Id $azurite.ProcessId
        Remove-Item -Recurse -Force -LiteralPath $azurite.DataPath -ErrorAction SilentlyContinue
        throw
    }
    $first = $emulators[0]
    $stack.openaiEndpoint = $first.Endpoint
    $stack.apiKey = $first.ApiKey
    $stack.adminEndpoint = $first.AdminEndpoint
    $stack.deployments = $first.Deployments
    $stack.emulatorDataPath = $first.DataPath
    $stack.processIds = @($azurite.ProcessId) + @($emulators | ForEach-Object ProcessId)
    $stack.resources = @(for ($i = 0; $i -lt $emulators.Count; $i++) {
            $e = $emulators[$i]
            [ordered]@{
                name             = "resource$($i + 1)"
                openaiEndpoint   = $e.Endpoint
                apiKey           = $e.ApiKey
                adminEndpoint    = $e.AdminEndpoint
                deployments      = $e.DeploymentSettings
                validatingSeconds = [double]$e.Pacing.ValidatingSeconds
                emulatorDataPath = $e.DataPath
                processId        = $e.ProcessId
            }
        })
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $StackFile)
    $stack | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $StackFile -Encoding utf8NoBOM
    [pscustomobject]$stack
}

function Start-StackResource {
    <# One emulator resource of the stack from its -ResourceOptions entry; its pacing is the stack's with the entry's keys over it. #>
    param([string] $EmulatorDll, [string] $StorageConnectionString, [System.Collections.IDictionary] $Options)
    $pacing = $script:StackPacing.Clone()
    if ($Options.Contains('Pacing')) { foreach ($key in $Options.Pacing.Keys) { $pacing[$key] = $Options.Pacing[$key] } }
    $arguments = @{ EmulatorDll = $EmulatorDll; StorageConnectionString = $StorageConnectionString; Pacing = $pacing }
    if ($Options.Contains('Deployments')) { $arguments.Deployments = [System.Collections.IDictionary[]]@($Options.Deployments) }
    if ($Options.Contains('Settings')) { $arguments.Settings = $Options.Settings }
    Start-Emulator @arguments | Add-Member -PassThru -NotePropertyName Pacing -NotePropertyValue $pacing
}

function Remove-StackResource {
    param($Emulator)
    Stop-StackProcess -Id $Emulator.ProcessId
    Remove-Item -Recurse -Force -LiteralPath $Emulator.DataPath -ErrorAction SilentlyContinue
}

function Stop-BlobBatchStack {
    param([Parameter(Mandatory)][string] $StackFile)
    if (-not (Test-Path -LiteralPath $StackFile)) { return }
    $stack = Get-Content -Raw -LiteralPath $StackFile | ConvertFrom-Json
    foreach ($id in $stack.processIds) { Stop-StackProcess -Id $id }
    $folders = @($stack.PSObject.Properties['azuriteDataPath', 'emulatorDataPath'] | ForEach-Object Value)
    $resources = $stack.PSObject.Properties['resources']
    if ($resources) { $folders += @($resources.Value | ForEach-Object emulatorDataPath) }
    foreach ($folder in $folders | Where-Object { $_ } | Sort-Object -Unique) {
        if (Test-Path -LiteralPath $folder) { Remove-Item -Recurse -Force -LiteralPath $folder -ErrorAction SilentlyContinue }
    }
    Remove-Item -LiteralPath $StackFile -Force
}

Export-ModuleMember -Function Get-FreeLoopbackPort, Wait-HttpAnswer, Start-Azurite, Start-Emulator, Stop-StackProcess, Start-BlobBatchStack, Stop-BlobBatchStack
