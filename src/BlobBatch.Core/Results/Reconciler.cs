using System;
using System.Collections.Generic;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Results;

/// <summary>
/// Proves a saved run accounts for every request once: input ids = succeeded ∪ failed ∪ not run, with
/// no id twice and no result for an id the input lacks. Keeps 64-bit hashes in external sorts that are
/// only ever merged, never looked up, so memory stays flat and small in the number of requests. Add
/// every result first, then the inputs, then <see cref="Finish"/>; when <see cref="HasNotRun"/>, go
/// over the inputs once more through <see cref="NameNotRun"/> to learn which ids did not run.
/// </summary>
public sealed class Reconciler : IDisposable
{
    private readonly RepeatCheck _results = new();
    private readonly RepeatCheck _inputs = new();
    private readonly List<string> _problems = new();
    private readonly List<long> _notRunInputs = new();
    private long _resultCount;
    private long _inputCount;
    private long _namingAt;
    private int _nextNotRun;

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Input ids without a result, with the batch that should have run them (named by <see cref="NameNotRun"/>).</summary>
    public List<(string CustomId, string BatchId)> NotRun { get; } = new();

    /// <summary>After <see cref="Finish"/>: some inputs have no result, and a second pass can name them.</summary>
    public bool HasNotRun => _notRunInputs.Count > 0;

    public void AddResult(string customId)
    {
        if (_inputCount > 0)
        {
            throw new InvalidOperationException("Results cannot be added after the inputs.");
        }

        if (_results.Add(JsonlIds.HashOf(customId), _resultCount++) is not null)
        {
            _problems.Add($"custom_id '{customId}' has more than one result");
        }
    }

    public void AddInput(string customId, string batchId)
    {
        if (_inputs.Add(JsonlIds.HashOf(customId), _inputCount++) is not null)
        {
            _problems.Add($"custom_id '{customId}' appears more than once in the input");
        }
    }

    /// <summary>Call after every input id was added: repeats too far apart to name, results whose id no input has, inputs without a result.</summary>
    public void Finish()
    {
        (long resultRepeats, long inputRepeats, long orphans) = Compare(_results.Sorted.ReadSorted(), _inputs.Sorted.ReadSorted(), _notRunInputs);
        _notRunInputs.Sort();
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

    /// <summary>The second pass, when <see cref="HasNotRun"/>: every input id again, in the order <see cref="AddInput"/> saw them.</summary>
    public void NameNotRun(string customId, string batchId)
    {
        if (_nextNotRun < _notRunInputs.Count && _notRunInputs[_nextNotRun] == _namingAt)
        {
            NotRun.Add((customId, batchId));
            _nextNotRun++;
        }

        _namingAt++;
    }

    public void Dispose()
    {
        _results.Dispose();
        _inputs.Dispose();
    }

    // Walks both sorted key lists at once. Repeats named when they were added never reach the sorts,
    // so any key found twice here is a repeat too far apart for that. An input key no result has did
    // not run; its first use (the smallest position, first in its group) is the one to name.
    private static (long ResultRepeats, long InputRepeats, long Orphans) Compare(IEnumerable<KeyedRecord> results, IEnumerable<KeyedRecord> inputs, List<long> notRun)
    {
        long resultRepeats = 0, inputRepeats = 0, orphans = 0;
        using var input = new KeyGroups(inputs);
        using var result = new KeyGroups(results);
        bool moreInputs = input.Next();

        void PassInput()
        {
            inputRepeats += input.Size - 1;
            moreInputs = input.Next();
        }

        while (result.Next())
        {
            resultRepeats += result.Size - 1;

            // An input group with a smaller key than this result's has no result.
            while (moreInputs && input.Key < result.Key)
            {
                notRun.Add(input.FirstValue);
                PassInput();
            }

            if (moreInputs && input.Key == result.Key)
            {
                PassInput();
            }
            else
            {
                orphans++;
            }
        }

        while (moreInputs)
        {
            notRun.Add(input.FirstValue);
            PassInput();
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

        /// <summary>The group's smallest value: records sort by key, then value.</summary>
        public long FirstValue { get; private set; }

        public bool Next()
        {
            if (!_pending)
            {
                return false;
            }

            Key = _records.Current.Key;
            FirstValue = _records.Current.Value;
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
