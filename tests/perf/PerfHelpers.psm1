# Helpers shared by the bench's scenario scripts, its in-session runner and its one-scenario processes.
# Azurite calls are signed with the development account's published key (not a secret) over plain
# HttpClient, so the baseline transfers use no Azure SDK.
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot '../../tools/AzuriteRest.psm1')
$script:Http = $null

function Get-BenchHttpClient {
    if (-not $script:Http) {
        $handler = [System.Net.Http.SocketsHttpHandler]::new()
        $handler.UseProxy = $false
        $script:Http = [System.Net.Http.HttpClient]::new($handler)
        $script:Http.Timeout = [TimeSpan]::FromMinutes(10)
    }
    $script:Http
}

function New-AzuriteRequest {
    <# A Shared Key-signed request for one blob (Put Blob or Get Blob) in Azurite. #>
    param(
        [Parameter(Mandatory)][string] $BlobEndpoint,
        [Parameter(Mandatory)][string] $Container,
        [Parameter(Mandatory)][string] $Name,
        [ValidateSet('GET', 'PUT')][string] $Method = 'GET',
        [long] $ContentLength = 0
    )
    $headers = if ($Method -eq 'PUT') { @{ 'x-ms-blob-type' = 'BlockBlob' } } else { @{} }
    New-AzuriteSignedRequest -BlobEndpoint $BlobEndpoint -Path "$Container/$Name" -Method $Method -Headers $headers -ContentLength $ContentLength
}

function Send-RawBlob {
    <# Uploads a file as one Put Blob request, one stream: the plain baseline for uploads. #>
    param([Parameter(Mandatory)][string] $BlobEndpoint, [Parameter(Mandatory)][string] $Container,
        [Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $Path)
    $file = [System.IO.File]::OpenRead($Path)
    try {
        $request = New-AzuriteRequest -BlobEndpoint $BlobEndpoint -Container $Container -Name $Name -Method PUT -ContentLength $file.Length
        $request.Content = [System.Net.Http.StreamContent]::new($file, 1MB)
        $request.Content.Headers.ContentLength = $file.Length
        $response = (Get-BenchHttpClient).Send($request)
        if (-not $response.IsSuccessStatusCode) {
            throw "Put Blob $Container/$Name answered $([int]$response.StatusCode): $($response.Content.ReadAsStringAsync().GetAwaiter().GetResult())"
        }
        $response.Dispose()
    }
    finally { $file.Dispose() }
}

function Receive-RawBlob {
    <# Downloads a blob with one Get Blob request into a file, one stream: the plain baseline for downloads. #>
    param([Parameter(Mandatory)][string] $BlobEndpoint, [Parameter(Mandatory)][string] $Container,
        [Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $Path)
    $request = New-AzuriteRequest -BlobEndpoint $BlobEndpoint -Container $Container -Name $Name -Method GET
    $response = (Get-BenchHttpClient).Send($request, [System.Net.Http.HttpCompletionOption]::ResponseHeadersRead)
    try {
        if (-not $response.IsSuccessStatusCode) { throw "Get Blob $Container/$Name answered $([int]$response.StatusCode)." }
        $target = [System.IO.File]::Create($Path)
        try { $response.Content.ReadAsStream().CopyTo($target, 1MB) }
        finally { $target.Dispose() }
    }
    finally { $response.Dispose() }
}

function Read-BenchJson {
    <#
    Reads a small JSON file (the stack file, a job spec) into hashtables and arrays with System.Text.Json.
    Not ConvertFrom-Json: its parser costs a fresh pwsh 3-4 MB more, which would count in the peak
    of the scenario this runs in.
    #>
    param([Parameter(Mandatory)][string] $Path)
    $document = [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText($Path), [System.Text.Json.JsonDocumentOptions]::new())
    try { ConvertFrom-JsonElement $document.RootElement } finally { $document.Dispose() }
}

function ConvertFrom-JsonElement {
    param($Element)
    switch ($Element.ValueKind.ToString()) {
        'Object' { $table = @{}; foreach ($property in $Element.EnumerateObject()) { $table[$property.Name] = ConvertFrom-JsonElement $property.Value }; $table }
        'Array' { , @(foreach ($item in $Element.EnumerateArray()) { ConvertFrom-JsonElement $item }) }
        'String' { $Element.GetString() }
        'Number' { $Element.GetDouble() }
        'True' { $true }
        'False' { $false }
        default { $null }
    }
}

function Connect-BenchStack {
    <# Connects the session to the bench stack (the module must be imported). #>
    param([Parameter(Mandatory)][string] $StackFile)
    $stack = Read-BenchJson -Path $StackFile
    $key = ConvertTo-SecureString -String $stack.apiKey -AsPlainText -Force
    $storage = ConvertTo-SecureString -String $stack.storageConnectionString -AsPlainText -Force
    Connect-BlobBatch -Endpoint $stack.openaiEndpoint -ApiKey $key -StorageConnectionString $storage `
        -InputContainer $stack.inputContainer -OutputContainer $stack.outputContainer
    $stack
}

function Get-CoreType {
    <# A type of BlobBatch.Core, which the module loads into its own load context (so not nameable as [Type]). #>
    param([Parameter(Mandatory)][string] $Name)
    $context = Get-BlobBatchContext
    $type = $context.GetType().Assembly.GetType($Name, $false)
    if (-not $type) { throw "BlobBatch.Core has no type $Name." }
    $type
}

function ConvertTo-BaseObject {
    # Reflection wants the object itself, not PowerShell's wrapper around it.
    param($Value)
    if ($Value -is [psobject]) { $Value.psobject.BaseObject } else { $Value }
}

function New-CoreObject {
    <# Builds a core object through its widest public constructor, arguments by parameter name (optional ones may be left out). #>
    param([Parameter(Mandatory)][Type] $Type, [Parameter(Mandatory)][hashtable] $Arguments)
    $constructor = $Type.GetConstructors() | Sort-Object { $_.GetParameters().Count } -Descending | Select-Object -First 1
    $values = foreach ($parameter in $constructor.GetParameters()) {
        if ($Arguments.ContainsKey($parameter.Name)) { , (ConvertTo-BaseObject $Arguments[$parameter.Name]) }
        elseif ($parameter.HasDefaultValue) { , $parameter.DefaultValue }
        else { throw "$($Type.Name)'s constructor needs '$($parameter.Name)', which the bench does not know." }
    }
    $constructor.Invoke([object[]]@($values))
}

function New-BenchJob {
    <#
    .SYNOPSIS
    The finished jobs a bench join runs on: what Wait-BlobBatch would emit for batches whose results
    the bench generated and put into the output container (see tools/Bench.psm1, join data).
    #>
    param([Parameter(Mandatory)][string] $SpecPath)
    $spec = Read-BenchJson -Path $SpecPath
    $context = Get-BlobBatchContext
    $stateType = Get-CoreType 'BlobBatch.Core.Batches.BatchState'
    $originType = Get-CoreType 'BlobBatch.Core.Jobs.JobOrigin'
    $jobType = Get-CoreType 'BlobBatch.Core.Jobs.BlobBatchJob'
    foreach ($part in $spec.parts) {
        $state = [Activator]::CreateInstance($stateType)
        $state.Id = $part.batchId
        $state.Status = 'completed'
        $state.Endpoint = '/chat/completions'
        $state.OutputBlob = $part.outputBlob
        $state.Total = [int]$part.requests
        $state.Completed = [int]$part.requests
        $origin = New-CoreObject -Type $originType -Arguments @{
            runId = $spec.runId; partNumber = [int]$part.partNumber; partCount = [int]$spec.parts.Count
            inputPath = $part.inputPath; rowMapPath = $part.rowMapPath; deployment = $spec.deployment; estimatedTokens = [long]0
        }
        New-CoreObject -Type $jobType -Arguments @{ state = $state; origin = $origin; context = $context }
    }
}

function Invoke-CoreUpload {
    <# The module's uploader (parallel blocks, MD5-checked), as Start-BlobBatch runs it. #>
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][string] $BlobName, [string] $Sha256 = ('0' * 64))
    $context = ConvertTo-BaseObject (Get-BlobBatchContext)
    $uploader = Get-CoreType 'BlobBatch.Core.Storage.InputUploader'
    $uri = [Uri]"$($context.InputContainerUri.AbsoluteUri)/$BlobName"
    $task = $uploader.GetMethod('UploadAsync').Invoke($null, @($context, $Path, $uri, $Sha256, $null, [Threading.CancellationToken]::None))
    $null = $task.GetAwaiter().GetResult()
}

function Invoke-CoreDownload {
    <# The module's result downloader (ranged, MD5-checked), as Save-BatchResult runs it. #>
    param([Parameter(Mandatory)][string] $BlobName, [Parameter(Mandatory)][string] $Path)
    $context = ConvertTo-BaseObject (Get-BlobBatchContext)
    $downloader = Get-CoreType 'BlobBatch.Core.Storage.ResultDownloader'
    $url = "$($context.OutputContainerUri.AbsoluteUri)/$BlobName"
    $task = $downloader.GetMethod('DownloadAsync').Invoke($null, @($context, $url, $Path, [Threading.CancellationToken]::None))
    if (-not $task.GetAwaiter().GetResult()) { throw "The blob $url does not exist." }
}

Export-ModuleMember -Function Send-RawBlob, Receive-RawBlob, Connect-BenchStack, Get-CoreType, New-CoreObject, New-BenchJob, Invoke-CoreUpload, Invoke-CoreDownload
