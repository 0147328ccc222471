using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace BlobBatch.Completion;

/// <summary>Completes -Deployment from the deployments this session has used.</summary>
public sealed class DeploymentCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionResults.Matching(RecentNames.DeploymentsSeen(), wordToComplete);
}
