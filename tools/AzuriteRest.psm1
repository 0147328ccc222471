# Azurite's REST API, signed with the development account's shared key. Kept free of the Azure SDK so
# test and build processes need not load Azure assemblies into PowerShell's default load context.
Set-StrictMode -Version Latest

# Azurite's published development account; not a secret.
$script:DevAccount = 'devstoreaccount1'
$script:DevKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

function New-AzuriteSignedRequest {
    <#
    .SYNOPSIS
    An HTTP request to Azurite's blob service signed with the development account's shared key.
    #>
    param(
        [Parameter(Mandatory)][string] $BlobEndpoint,
        [Parameter(Mandatory)][string] $Path,
        [hashtable] $Query = @{},
        [ValidateSet('GET', 'PUT', 'DELETE')][string] $Method = 'GET',
        # Further x-ms-* headers, signed with the rest (e.g. x-ms-blob-type for Put Blob).
        [hashtable] $Headers = @{},
        [long] $ContentLength = 0
    )
    $queryText = ($Query.Keys | Sort-Object | ForEach-Object { "$_=$($Query[$_])" }) -join '&'
    $uri = [Uri]("$BlobEndpoint/$Path" + $(if ($queryText) { "?$queryText" }))
    if (-not $uri.IsLoopback) { throw "Azurite is on loopback only, not $uri." }
    $msHeaders = [ordered]@{}
    foreach ($name in @($Headers.Keys) + 'x-ms-date', 'x-ms-version' | Sort-Object) {
        $msHeaders[$name] = switch ($name) { 'x-ms-date' { [DateTime]::UtcNow.ToString('R') } 'x-ms-version' { '2021-08-06' } default { $Headers[$name] } }
    }
    # Path-style (emulator) URLs sign /account + the path, which itself starts with the account.
    $resource = "/$script:DevAccount$($uri.AbsolutePath)" + (($Query.Keys | Sort-Object | ForEach-Object { "`n$($_.ToLowerInvariant()):$($Query[$_])" }) -join '')
    $length = if ($ContentLength -gt 0) { "$ContentLength" } else { '' }
    $canonicalHeaders = ($msHeaders.Keys | ForEach-Object { "${_}:$($msHeaders[$_])" }) -join "`n"
    $stringToSign = "$Method`n`n`n$length`n`n`n`n`n`n`n`n`n$canonicalHeaders`n$resource"
    $hmac = [System.Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($script:DevKey))
    try { $signature = [Convert]::ToBase64String($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($stringToSign))) }
    finally { $hmac.Dispose() }
    $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), $uri)
    foreach ($name in $msHeaders.Keys) { $request.Headers.Add($name, $msHeaders[$name]) }
    $null = $request.Headers.TryAddWithoutValidation('Authorization', "SharedKey $($script:DevAccount):$signature")
    $request
}

function Invoke-AzuriteRequest {
    <#
    .SYNOPSIS
    Sends one signed request to Azurite's blob service and returns the response (status and body text).
    #>
    param(
        [Parameter(Mandatory)][string] $BlobEndpoint,
        [Parameter(Mandatory)][string] $Path,
        [hashtable] $Query = @{},
        [ValidateSet('GET', 'PUT', 'DELETE')][string] $Method = 'GET'
    )
    $client = [System.Net.Http.HttpClient]::new()
    try {
        $response = $client.Send((New-AzuriteSignedRequest -BlobEndpoint $BlobEndpoint -Path $Path -Query $Query -Method $Method))
        [pscustomobject]@{ Status = [int]$response.StatusCode; Body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult() }
    }
    finally {
        $client.Dispose()
    }
}

function Get-AzuriteAccount {
    <# The development account's name, blob endpoint and connection string for an Azurite on this port. #>
    param([Parameter(Mandatory)][int] $Port)
    $blobEndpoint = "http://127.0.0.1:$Port/$script:DevAccount"
    [pscustomobject]@{
        Name             = $script:DevAccount
        BlobEndpoint     = $blobEndpoint
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=$script:DevAccount;AccountKey=$script:DevKey;BlobEndpoint=$blobEndpoint;"
    }
}

function Set-AzuriteContainer {
    <# Creates (or with -Remove deletes) a container; an existing or missing one is already as asked. #>
    param([Parameter(Mandatory)][string] $BlobEndpoint, [Parameter(Mandatory)][string] $Name, [switch] $Remove)
    $response = Invoke-AzuriteRequest -BlobEndpoint $BlobEndpoint -Path $Name -Query @{ restype = 'container' } -Method $(if ($Remove) { 'DELETE' } else { 'PUT' })
    if ($response.Status -ge 300 -and $response.Status -ne 409 -and $response.Status -ne 404) {
        throw "$(if ($Remove) { 'Deleting' } else { 'Creating' }) container '$Name' answered $($response.Status)."
    }
}

function Get-AzuriteBlobNames {
    param([Parameter(Mandatory)][string] $BlobEndpoint, [Parameter(Mandatory)][string] $Container)
    $response = Invoke-AzuriteRequest -BlobEndpoint $BlobEndpoint -Path $Container -Query @{ restype = 'container'; comp = 'list' }
    if ($response.Status -ne 200) { throw "Listing container '$Container' answered $($response.Status)." }
    # An empty container lists as <Blobs />, so select the names rather than walk the children.
    ([xml]$response.Body).SelectNodes("//Blob/Name") | ForEach-Object { $_.InnerText }
}

function Set-AzuriteBlob {
    <# Writes a block blob (Put Blob) with the given UTF-8 text, replacing any blob of that name. #>
    param([Parameter(Mandatory)][string] $BlobEndpoint, [Parameter(Mandatory)][string] $Container, [Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][AllowEmptyString()][string] $Text)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Text)
    $path = "$Container/" + (($Name -split '/' | ForEach-Object { [Uri]::EscapeDataString($_) }) -join '/')
    $request = New-AzuriteSignedRequest -BlobEndpoint $BlobEndpoint -Path $path -Method PUT -Headers @{ 'x-ms-blob-type' = 'BlockBlob' } -ContentLength $bytes.Length
    $request.Content = [System.Net.Http.ByteArrayContent]::new($bytes)
    $client = [System.Net.Http.HttpClient]::new()
    try {
        $response = $client.Send($request)
        if ([int]$response.StatusCode -ge 300) { throw "Writing blob '$Container/$Name' answered $([int]$response.StatusCode): $($response.Content.ReadAsStringAsync().GetAwaiter().GetResult())" }
    }
    finally { $client.Dispose() }
}

function New-AzuriteAccountSas {
    <#
    .SYNOPSIS
    An account SAS for the development account's blob service (read, write, delete, list, add, create), as the text
    after '?'. Tests use it to run with a SAS connection string, whose secret part is sig=.
    #>
    param([datetime] $Expiry = [datetime]::UtcNow.AddDays(1), [string] $Permissions = 'rwdlac')
    $version = '2021-08-06'
    $expiryText = $Expiry.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture)
    # Account SAS string-to-sign since 2020-12-06: account, permissions, services, resource types, start, expiry, IP, protocol, version, encryption scope.
    $stringToSign = ($script:DevAccount, $Permissions, 'b', 'sco', '', $expiryText, '', '', $version, '') -join "`n"
    $hmac = [System.Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($script:DevKey))
    try { $signature = [Convert]::ToBase64String($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($stringToSign + "`n"))) }
    finally { $hmac.Dispose() }
    "sv=$version&ss=b&srt=sco&sp=$Permissions&se=$([Uri]::EscapeDataString($expiryText))&sig=$([Uri]::EscapeDataString($signature))"
}

Export-ModuleMember -Function New-AzuriteSignedRequest, Invoke-AzuriteRequest, Get-AzuriteAccount, Set-AzuriteContainer, Get-AzuriteBlobNames, Set-AzuriteBlob, New-AzuriteAccountSas
