using System;
using System.Threading.Tasks;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// How a workflow talks to whoever runs it: asks before it changes anything, says what it is doing,
/// and reports progress. A cmdlet answers on the pipeline thread (ShouldProcess, WriteVerbose,
/// WriteProgress); a test records or ignores. Every member has a default that does nothing or agrees.
/// </summary>
public sealed class WorkflowHooks
{
    public static readonly WorkflowHooks None = new();

    /// <summary>(target, action) → may it go ahead? ShouldProcess in a cmdlet, so -WhatIf and -Confirm hold everywhere.</summary>
    public Func<string, string, Task<bool>> Confirm { get; set; } = (_, _) => Task.FromResult(true);

    /// <summary>What is happening, in a sentence (Verbose in a cmdlet).</summary>
    public Action<string> Log { get; set; } = _ => { };

    /// <summary>A warning the user should see, the work goes on.</summary>
    public Action<string> Warn { get; set; } = _ => { };

    public IProgress<WorkProgress>? Progress { get; set; }
}
