using System;
using System.Collections.Generic;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>
/// Proves a saved run accounts for every request once: input ids = succeeded ∪ failed ∪ not run, with
/// no id twice and no result for an id the input lacks. Keeps 64-bit hashes in external sorts, so
/// memory stays flat in the number of requests. Add every result first, then the inputs.
/// </summary>
public sealed class Reconciler : IDisposable
{
    // Every input is looked up among the results; the inputs are only merged.
    private readonly RepeatCheck _results = new(ExternalRecordSort.LookupWindow);
    private readonly RepeatCheck _inputs = new();
    private readonly List<string> _problems = new();
    private SortedRecordLookup? _resultIndex;
    private long _resultCount;
    private long _inputCount;

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Input ids without a result, with the batch that should have run them.</summary>
    public List<(string CustomId, string BatchId)> NotRun { get; } = new();

    public void AddResult(string customId)
    {
        if (_results.Add(JsonlIds.HashOf(customId), _resultCount++) is not null)
        {
            _problems.Add($"custom_id '{customId}' has more than one result");
        }
    }

    public void AddInput(string customId, string batchId)
    {
        ulong key = JsonlIds.HashOf(customId);
        if (_inputs.Add(key, _inputCount++) is not null)
        {
            _problems.Add($"custom_id '{customId}' appears more than once in the input");
        }
        else if (!ResultIndex.Contains(key))
        {
            NotRun.Add((customId, batchId));
        }
    }

    /// <summary>Call after every input id was added: repeats too far apart to name, and results whose id no input has.</summary>
    public void Finish()
    {
        (long resultRepeats, long inputRepeats, long orphans) = Compare(ResultIndex.All(), _inputs.Sorted.ReadSorted());
        if (resultRepeats > 0)
        {
            _problems.Add($"{resultRepeats} more result(s) repeat a custom_id that already has a result");
        }

        if (inputRepeats > 0)
        {
            _problems.Add($"{inputRepeats} more input request(s) repeat a custom_id of an earlier one");
        }

        if (orphans > 0)
        {
            _problems.Add($"{orphans} result(s) have a custom_id that is in no input part");
        }
    }

    // Built when the first input comes: every result is in by then, and no more may be added.
    private SortedRecordLookup ResultIndex => _resultIndex ??= _results.Sorted.ToLookup();

    public void Dispose()
    {
        _resultIndex?.Dispose();
        _results.Dispose();
        _inputs.Dispose();
    }

    // Walks both sorted key lists at once. Repeats named when they were added never reach the sorts,
    // so any key found twice here is a repeat too far apart for that.
    private static (long ResultRepeats, long InputRepeats, long Orphans) Compare(IEnumerable<KeyedRecord> results, IEnumerable<KeyedRecord> inputs)
    {
        long resultRepeats = 0, inputRepeats = 0, orphans = 0;
        using var input = new KeyGroups(inputs);
        using var result = new KeyGroups(results);
        bool moreInputs = input.Next();
        while (result.Next())
        {
            resultRepeats += result.Size - 1;
            while (moreInputs && input.Key < result.Key)
            {
                inputRepeats += input.Size - 1;
                moreInputs = input.Next();
            }

            if (!moreInputs || input.Key != result.Key)
            {
                orphans++;
            }
        }

        while (moreInputs)
        {
            inputRepeats += input.Size - 1;
            moreInputs = input.Next();
        }

        return (resultRepeats, inputRepeats, orphans);
    }

    /// <summary>Runs of equal keys in a sorted sequence.</summary>
    private sealed class KeyGroups : IDisposable
    {
        private readonly IEnumerator<KeyedRecord> _records;
        private bool _pending;

        public KeyGroups(IEnumerable<KeyedRecord> records)
        {
            _records = records.GetEnumerator();
            _pending = _records.MoveNext();
        }

        public ulong Key { get; private set; }

        public long Size { get; private set; }

        public bool Next()
        {
            if (!_pending)
            {
                return false;
            }

            Key = _records.Current.Key;
            Size = 0;
            while (_pending && _records.Current.Key == Key)
            {
                Size++;
                _pending = _records.MoveNext();
            }

            return true;
        }

        public void Dispose() => _records.Dispose();
    }
}
