# Azurite's REST API, signed with the development account's shared key. Kept free of the Azure SDK so
# test and build processes need not load Azure assemblies into PowerShell's default load context.
Set-StrictMode -Version Latest

# Azurite's published development account; not a secret.
$script:DevAccount = 'devstoreaccount1'
$script:DevKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

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
    $date = [DateTime]::UtcNow.ToString('R')
    $apiVersion = '2021-08-06'
    $queryText = ($Query.Keys | Sort-Object | ForEach-Object { "$_=$($Query[$_])" }) -join '&'
    $uri = [Uri]("$BlobEndpoint/$Path" + $(if ($queryText) { "?$queryText" }))
    # Path-style (emulator) URLs sign /account + the path, which itself starts with the account.
    $resource = "/$script:DevAccount$($uri.AbsolutePath)" + (($Query.Keys | Sort-Object | ForEach-Object { "`n$($_.ToLowerInvariant()):$($Query[$_])" }) -join '')
    $stringToSign = "$Method`n`n`n`n`n`n`n`n`n`n`n`nx-ms-date:$date`nx-ms-version:$apiVersion`n$resource"
    $hmac = [System.Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($script:DevKey))
    $client = [System.Net.Http.HttpClient]::new()
    try {
        $signature = [Convert]::ToBase64String($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($stringToSign)))
        $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), $uri)
        $request.Headers.Add('x-ms-date', $date)
        $request.Headers.Add('x-ms-version', $apiVersion)
        $null = $request.Headers.TryAddWithoutValidation('Authorization', "SharedKey $($script:DevAccount):$signature")
        $response = $client.Send($request)
        [pscustomobject]@{ Status = [int]$response.StatusCode; Body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult() }
    }
    finally {
        $client.Dispose()
        $hmac.Dispose()
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

Export-ModuleMember -Function Invoke-AzuriteRequest, Get-AzuriteAccount, Set-AzuriteContainer, Get-AzuriteBlobNames
