using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace BlobBatch.Completion;

/// <summary>Completes -RunId with the runs this session has seen: on jobs started, waited for, or looked up (Get-BlobBatch reads a batch's run from its output path).</summary>
public sealed class RunIdCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionResults.Matching(RecentNames.RunIdsSeen(), wordToComplete);
}
