using System.Collections.Generic;
using System.Management.Automation;

namespace BlobBatch.Infrastructure;

/// <summary>
/// -Path and -LiteralPath as PowerShell's own cmdlets read them: -Path expands wildcards (a pattern
/// that matches nothing is an error, as with Get-Content), -LiteralPath is taken as written. A name
/// without wildcards is passed on even when missing, so the workflow reports it as InputFileNotFound.
/// </summary>
internal static class InputPaths
{
    public static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, IEnumerable<string> literalPaths)
    {
        var resolved = new List<string>();
        foreach (string path in paths)
        {
            if (WildcardPattern.ContainsWildcardCharacters(path))
            {
                resolved.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _));
            }
            else
            {
                resolved.Add(cmdlet.GetUnresolvedProviderPathFromPSPath(path));
            }
        }

        foreach (string path in literalPaths)
        {
            resolved.Add(cmdlet.GetUnresolvedProviderPathFromPSPath(path));
        }

        return resolved;
    }
}
