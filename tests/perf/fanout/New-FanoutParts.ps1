<#
.SYNOPSIS
The fan-out bench's input: the same -Requests rows every time, written by New-BatchInputFile into -Parts parts of
equal size (the last one a little smaller when they do not divide evenly). Dot-sourced by Invoke-FanoutRun.ps1; needs the module imported.
#>
function New-FanoutParts {
    param(
        [Parameter(Mandatory)][string] $OutDir,
        [Parameter(Mandatory)][string] $Deployment,
        [int] $Requests = 6000,
        [int] $Parts = 12
    )
    $perPart = [int][Math]::Ceiling($Requests / $Parts)
    $devices = 'printer', 'laptop', 'VPN client', 'badge reader', 'monitor', 'docking station', 'mail client'
    $symptoms = 'stops responding after a few minutes', 'shows an access denied message', 'restarts during updates',
    'cannot reach the shared drive', 'loses its settings overnight'
    $null = New-Item -ItemType Directory -Force -Path $OutDir
    # Streamed into New-BatchInputFile: a million rows are never held at once.
    $rows = {
        for ($i = 0; $i -lt $Requests; $i++) {
            [pscustomobject]@{
                Id   = "t$i"
                Text = "Ticket $i from team $($i % 23): the $($devices[$i % $devices.Count]) on floor $($i % 9) $($symptoms[$i % $symptoms.Count]) since the update of week $($i % 52); users ask for a fix before Friday."
            }
        }
    }
    @(& $rows | New-BatchInputFile -Deployment $Deployment -SystemPrompt 'Classify the ticket as Hardware, Software or Access. Answer with one word.' `
            -UserTemplate '{Text}' -IdProperty Id -MaxRequestsPerFile $perPart -Path (Join-Path $OutDir 'fanout.jsonl'))
}
