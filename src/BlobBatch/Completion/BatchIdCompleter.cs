using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Infrastructure;

namespace BlobBatch.Completion;

/// <summary>Completes -Id with the batches this session has seen, then the newest of the resource (a short, bounded call).</summary>
public sealed class BatchIdCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var ids = new List<string>(RecentNames.BatchIdsSeen());
        BlobBatchContext? context = fakeBoundParameters["Context"] as BlobBatchContext ?? SessionContext.Current;
        if (context is not null)
        {
            ids.AddRange(NewestOfResource(context));
        }

        return CompletionResults.Matching(ids, wordToComplete);
    }

    private static IEnumerable<string> NewestOfResource(BlobBatchContext context)
    {
        using var timeout = new CancellationTokenSource(Budget);
        try
        {
            return BatchServiceClient.For(context).ListAsync(null, 20, timeout.Token).GetAwaiter().GetResult().Batches.Select(b => b.Id).ToList();
        }
        catch (Exception)
        {
            // Completion must never fail or hang the prompt; the recent ids are enough.
            return Array.Empty<string>();
        }
    }
}
