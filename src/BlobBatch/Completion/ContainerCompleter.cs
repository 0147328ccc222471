using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Connection;
using BlobBatch.Infrastructure;

namespace BlobBatch.Completion;

/// <summary>Completes container names from the storage of the session's context (a short, bounded call).</summary>
public sealed class ContainerCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var names = new List<string> { BlobBatchContext.DefaultInputContainer, BlobBatchContext.DefaultOutputContainer };
        BlobBatchContext? context = SessionContext.Current;
        if (context is not null)
        {
            using var timeout = new CancellationTokenSource(Budget);
            try
            {
                foreach (BlobContainerItem container in StorageClients.Service(context).GetBlobContainers(cancellationToken: timeout.Token))
                {
                    names.Add(container.Name);
                }
            }
            catch (Exception)
            {
                // Completion must never fail or hang the prompt; the defaults are enough.
            }
        }

        return CompletionResults.Matching(names, wordToComplete);
    }
}
