using System;
using System.Collections.Generic;
using System.Linq;
using System.IO.Hashing;
using System.Text;

namespace BlobBatch.Core.Results;

/// <summary>
/// Proves a saved run accounts for every request once: input ids = succeeded ∪ failed ∪ not run, with
/// no id twice and no result for an id the input lacks. Keeps 64-bit hashes, not the ids.
/// </summary>
public sealed class Reconciler
{
    private readonly HashSet<ulong> _results = new();
    private readonly List<string> _problems = new();
    private readonly HashSet<ulong> _inputs = new();

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Input ids without a result, with the batch that should have run them.</summary>
    public List<(string CustomId, string BatchId)> NotRun { get; } = new();

    public void AddResult(string customId)
    {
        if (!_results.Add(Hash(customId)))
        {
            _problems.Add($"custom_id '{customId}' has more than one result");
        }
    }

    public void AddInput(string customId, string batchId)
    {
        ulong key = Hash(customId);
        if (!_inputs.Add(key))
        {
            _problems.Add($"custom_id '{customId}' appears more than once in the input");
        }
        else if (!_results.Contains(key))
        {
            NotRun.Add((customId, batchId));
        }
    }

    /// <summary>Call after every input id was added: results whose id no input has.</summary>
    public void Finish()
    {
        // Only hashes are kept (a million ids would otherwise be held as strings), so these are counted.
        int orphans = _results.Count(result => !_inputs.Contains(result));
        if (orphans > 0)
        {
            _problems.Add($"{orphans} result(s) have a custom_id that is in no input part");
        }
    }

    private static ulong Hash(string id) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(id));
}
