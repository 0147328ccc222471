<#
.SYNOPSIS
A STAND-IN for the managed-identity endpoint that Azure Automation and App Service give a process
(IDENTITY_ENDPOINT + IDENTITY_HEADER, api-version 2019-08-01), on 127.0.0.1. The real
Azure.Identity ManagedIdentityCredential talks to it. It logs each token request's resource to
-LogPath, and with -Refuse answers every request as an endpoint whose identity is not turned on.
#>
param(
    [Parameter(Mandatory)][int] $Port,
    [Parameter(Mandatory)][string] $Header,
    [Parameter(Mandatory)][string] $Token,
    [Parameter(Mandatory)][string] $LogPath,
    [switch] $Refuse,
    # Stops by itself, so a test that dies leaves nothing running for long.
    [int] $LifetimeSeconds = 600
)
$listener = [System.Net.HttpListener]::new()
$listener.Prefixes.Add("http://127.0.0.1:$Port/")
$listener.Start()
$deadline = [DateTime]::UtcNow.AddSeconds($LifetimeSeconds)
try {
    while ([DateTime]::UtcNow -lt $deadline) {
        $pending = $listener.GetContextAsync()
        while (-not $pending.Wait(500)) { if ([DateTime]::UtcNow -ge $deadline) { return } }
        $context = $pending.Result
        $request = $context.Request
        $resource = $request.QueryString['resource']
        Add-Content -LiteralPath $LogPath -Value "$resource"
        $status = 200
        if ($request.Headers['X-IDENTITY-HEADER'] -ne $Header) {
            $status = 401
            $body = '{"error":"unauthorized","error_description":"X-IDENTITY-HEADER is missing or wrong."}'
        }
        elseif ($Refuse) {
            $status = 400
            $body = '{"error":"invalid_request","error_description":"Identity not found"}'
        }
        else {
            $expires = [DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeSeconds()
            $body = [ordered]@{ access_token = $Token; expires_on = "$expires"; resource = $resource; token_type = 'Bearer'; client_id = '00000000-0000-0000-0000-000000000001' } | ConvertTo-Json -Compress
        }
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($body)
        $context.Response.StatusCode = $status
        $context.Response.ContentType = 'application/json'
        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
        $context.Response.Close()
    }
}
finally { $listener.Stop() }
