# A STAND-IN for Az.Accounts (not installable here): the two commands BlobBatch uses, with the
# output shapes of the real ones. Get-AzAccessToken returns the token as a SecureString, as
# Az.Accounts 5.0 and later do, or as a string (before 5.0) when $env:BLOBBATCH_AZ_TOKEN_AS_STRING
# is set. Each call is counted per resource in $global:AzStandInTokenCalls.
$script:Context = $null

function Connect-AzAccount {
    param([string] $AccountId = 'admin@contoso.example', [string] $Tenant = '00000000-0000-0000-0000-00000000c0de', [string] $Environment = 'AzureCloud')
    $script:Context = [pscustomobject]@{
        PSTypeName   = 'Microsoft.Azure.Commands.Profile.Models.Core.PSAzureContext'
        Name         = "Stand-in ($AccountId)"
        Account      = [pscustomobject]@{ Id = $AccountId; Type = 'User' }
        Tenant       = [pscustomobject]@{ Id = $Tenant }
        Subscription = [pscustomobject]@{ Id = '00000000-0000-0000-0000-0000000000aa'; Name = 'Stand-in subscription' }
        Environment  = [pscustomobject]@{ Name = $Environment }
    }
    $global:AzStandInTokenCalls = @{}
    $script:Context
}

function Get-AzContext { $script:Context }

function Get-AzAccessToken {
    param([string] $ResourceUrl, [object] $DefaultProfile, [string] $TenantId, [switch] $AsSecureString)
    if (-not $script:Context) { throw 'Run Connect-AzAccount to login.' }
    if (-not $global:AzStandInTokenCalls) { $global:AzStandInTokenCalls = @{} }
    $global:AzStandInTokenCalls[$ResourceUrl] = 1 + [int]$global:AzStandInTokenCalls[$ResourceUrl]
    $token = if ($env:BLOBBATCH_AZ_TOKEN) { $env:BLOBBATCH_AZ_TOKEN } else { 'az-context-standin-token' }
    [pscustomobject]@{
        Token     = if ($env:BLOBBATCH_AZ_TOKEN_AS_STRING) { $token } else { ConvertTo-SecureString $token -AsPlainText -Force }
        ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1)
        TenantId  = $script:Context.Tenant.Id
        UserId    = $script:Context.Account.Id
        Type      = 'Bearer'
    }
}

Export-ModuleMember -Function Connect-AzAccount, Get-AzContext, Get-AzAccessToken
