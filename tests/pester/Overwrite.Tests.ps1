# Overwrites and races: two saves into one folder at the same moment, a folder another save holds, a
# lock left by a process that died. Exactly one save writes a folder's files; every other one stops
# with a stable id, writes nothing, and can still save its results elsewhere.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $stack = Get-TestStack
    $connection = Get-TestConnection $stack
    Connect-BlobBatch @connection
    $rows = 1..300 | ForEach-Object { [pscustomobject]@{ Id = "w$_"; Text = "Ticket number $_ about a printer that jams" } }
    $state = Join-Path $TestDrive 'run.json'
    $null = $rows | New-BatchInputFile -Deployment $stack.deployments[0].name -UserTemplate '{Text}' -IdProperty Id -Path (Join-Path $TestDrive 'in.jsonl') |
        Start-BlobBatch -StatePath $state
    $done = Wait-BlobBatch -StatePath $state -PollIntervalSeconds 1

    # A save in a fresh process that starts when $Go appears, so that two of them start together.
    function Start-Saver([string] $Folder, [string] $Go, [string] $Out) {
        $script = Join-Path $TestDrive ("saver-" + [guid]::NewGuid().ToString('n') + '.ps1')
        Set-Content -LiteralPath $script -Encoding utf8NoBOM -Value @"
Import-Module '$(Get-TestModuleManifest)'
Connect-BlobBatch -Endpoint '$($stack.openaiEndpoint)' -ApiKey (ConvertTo-SecureString -AsPlainText -Force '$($stack.apiKey)') -StorageConnectionString (ConvertTo-SecureString -AsPlainText -Force '$($stack.storageConnectionString)')
while (-not (Test-Path -LiteralPath '$Go')) { Start-Sleep -Milliseconds 5 }
try { `$s = Save-BatchResult -StatePath '$state' -Path '$Folder' -ErrorAction Stop; "OK `$(`$s.Succeeded)" } catch { "ERR `$(`$_.FullyQualifiedErrorId)" }
"@
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $script)
        $hostPath = [Environment]::ProcessPath
        if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { $arguments = @((Join-Path $PSHOME 'pwsh.dll')) + $arguments }
        Start-Process -FilePath $hostPath -ArgumentList $arguments -PassThru -RedirectStandardOutput $Out
    }

    function Assert-OneWinner([string[]] $Outcomes, [string] $Folder) {
        @($Outcomes | Where-Object { $_ -eq "OK $($rows.Count)" }).Count | Should -Be 1 -Because "exactly one save may write the folder ($($Outcomes -join '; '))"
        $loser = @($Outcomes | Where-Object { $_ -like 'ERR *' })
        $loser.Count | Should -Be 1
        $loser[0] | Should -BeIn @('ERR OutputInUse,BlobBatch.Commands.SaveBatchResultCommand', 'ERR OutputFileExists,BlobBatch.Commands.SaveBatchResultCommand')
        @(Get-Content -LiteralPath (Join-Path $Folder 'results.jsonl')).Count | Should -Be $rows.Count -Because "the winner's results are whole"
        (Get-Content -Raw -LiteralPath (Join-Path $Folder 'summary.json') | ConvertFrom-Json).reconciled | Should -BeTrue
        Get-ChildItem -LiteralPath $Folder -Force -Filter '*.tmp' | Should -BeNullOrEmpty
    }
}

Describe 'Two saves into one folder' {
    It 'lets exactly one of two processes started together write the folder (round <Round>)' -TestCases @(@{ Round = 1 }, @{ Round = 2 }, @{ Round = 3 }) {
        $folder = Join-Path $TestDrive "race-$Round"
        $go = Join-Path $TestDrive "go-$Round"
        $savers = 'a', 'b' | ForEach-Object { @{ Out = (Join-Path $TestDrive "race-$Round-$_.out") } }
        foreach ($saver in $savers) { $saver.Process = Start-Saver $folder $go $saver.Out }
        Start-Sleep -Seconds 4
        $null = New-Item -ItemType File -Path $go
        foreach ($saver in $savers) { $saver.Process.WaitForExit(120000) | Should -BeTrue }
        Assert-OneWinner @($savers | ForEach-Object { (Get-Content -LiteralPath $_.Out | Where-Object { $_ -match '^(OK|ERR) ' }) | Select-Object -Last 1 }) $folder
    }

    It 'lets exactly one of two saves in this process write the folder' {
        $folder = Join-Path $TestDrive 'race-threads'
        $gate = [System.Threading.ManualResetEventSlim]::new($false)
        $manifest = Get-TestModuleManifest
        $jobs = 1..2 | ForEach-Object {
            Start-ThreadJob -ArgumentList $manifest, $done, $folder, $gate -ScriptBlock {
                param($manifest, $done, $folder, $gate)
                Import-Module $manifest
                $null = $gate.Wait(60000)
                try { $s = $done | Save-BatchResult -Path $folder -ErrorAction Stop; "OK $($s.Succeeded)" } catch { "ERR $($_.FullyQualifiedErrorId)" }
            }
        }
        Start-Sleep -Seconds 2
        $gate.Set()
        $outcomes = $jobs | Receive-Job -Wait -AutoRemoveJob
        Assert-OneWinner $outcomes $folder
    }

    It 'refuses a folder another save holds with OutputInUse, writing nothing, and the loser still saves elsewhere' {
        $folder = Join-Path $TestDrive 'held'
        $null = New-Item -ItemType Directory -Path $folder
        $held = [System.IO.FileStream]::new((Join-Path $folder '.blobbatch.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
        try {
            $failure = { $done | Save-BatchResult -Path $folder } | Should -Throw -ErrorId 'OutputInUse,BlobBatch.Commands.SaveBatchResultCommand' -PassThru
            "$($failure.CategoryInfo.Category)" | Should -Be 'ResourceBusy'
            @(Get-ChildItem -LiteralPath $folder -Force | Where-Object Name -NE '.blobbatch.lock') | Should -BeNullOrEmpty
        }
        finally { $held.Dispose() }

        ($done | Save-BatchResult -Path (Join-Path $TestDrive 'elsewhere')).Succeeded | Should -Be $rows.Count -Because 'the refused save lost nothing'
        ($done | Save-BatchResult -Path $folder).Succeeded | Should -Be $rows.Count -Because 'the folder is free once the other save is done'
    }

    It 'is not blocked by the lock file of a save that died' {
        $folder = Join-Path $TestDrive 'stale'
        $null = New-Item -ItemType Directory -Path $folder
        Set-Content -LiteralPath (Join-Path $folder '.blobbatch.lock') -Value ''
        ($done | Save-BatchResult -Path $folder).Succeeded | Should -Be $rows.Count
    }

    It 'never replaces a finished save without -Force, and replaces it whole with -Force' {
        $folder = Join-Path $TestDrive 'again'
        $null = $done | Save-BatchResult -Path $folder
        { $done | Save-BatchResult -Path $folder } | Should -Throw -ErrorId 'OutputFileExists,BlobBatch.Commands.SaveBatchResultCommand'
        ($done | Save-BatchResult -Path $folder -Force).Succeeded | Should -Be $rows.Count
        @(Get-Content -LiteralPath (Join-Path $folder 'results.jsonl')).Count | Should -Be $rows.Count
    }
}
