using System;
using System.Collections.Generic;
using System.Linq;
using BlobBatch.Core.IO;
using BlobBatch.Core.Jobs;

namespace BlobBatch.Core.Results.Ordering;

/// <summary>
/// Puts a run's results back in the order of its input, in flat memory however many there are. Results
/// are parked on disk as they arrive (in whatever order the service wrote them) and keyed by their
/// custom_id's hash; input ids are keyed the same way with their position. A merge of the two sorted
/// key lists gives each result its input position, and a third sort by position reads them out in
/// input order. All three are external sorts, only ever merged; a result whose id is in no input part
/// comes last, in the order it arrived. Add every result, then every input id, then read once.
/// </summary>
internal sealed class InputOrderMerge : IDisposable
{
    private readonly ResultSpill _spill = new();
    private readonly ExternalRecordSort _results = new(ExternalRecordSort.MergeWindow);
    private readonly ExternalRecordSort _inputs = new(ExternalRecordSort.MergeWindow);
    private ExternalRecordSort? _order;
    private long _inputCount;

    public long ResultCount => _results.Count;

    /// <summary>The parts whose request lines define the order: the run's own parts (not resubmissions), run by run as first met, by part number.</summary>
    public static IEnumerable<BlobBatchJob> InputParts(IEnumerable<BlobBatchJob> jobs) =>
        jobs.Where(j => j.Attempt == 0).GroupBy(j => j.RunId).SelectMany(run => run.OrderBy(j => j.PartNumber));

    public void AddResult(BatchResult result) => _results.Add(JsonlIds.HashOf(result.CustomId), _spill.Append(result));

    public void AddInput(string customId) => _inputs.Add(JsonlIds.HashOf(customId), _inputCount++);

    public IEnumerable<BatchResult> ReadInInputOrder()
    {
        _order = new ExternalRecordSort(ExternalRecordSort.MergeWindow);
        Place(_results.ReadSorted(), _inputs.ReadSorted(), _order, _inputCount);
        foreach (KeyedRecord record in _order.ReadSorted())
        {
            yield return _spill.Read(record.Value);
        }
    }

    public void Dispose()
    {
        _order?.Dispose();
        _results.Dispose();
        _inputs.Dispose();
        _spill.Dispose();
    }

    // Both lists are sorted by key. A key's results take its input positions in turn (more results than
    // positions, a repeat, stay at its last one); results of a key no input has go after every input,
    // by their spill offset, which grows in arrival order.
    private static void Place(IEnumerable<KeyedRecord> results, IEnumerable<KeyedRecord> inputs, ExternalRecordSort order, long inputCount)
    {
        using IEnumerator<KeyedRecord> input = inputs.GetEnumerator();
        bool moreInputs = input.MoveNext();
        var positions = new List<long>();
        ulong? positionsKey = null;
        int taken = 0;
        foreach (KeyedRecord result in results)
        {
            if (positionsKey != result.Key)
            {
                positions.Clear();
                positionsKey = result.Key;
                while (moreInputs && input.Current.Key < result.Key)
                {
                    moreInputs = input.MoveNext();
                }

                while (moreInputs && input.Current.Key == result.Key)
                {
                    positions.Add(input.Current.Value);
                    moreInputs = input.MoveNext();
                }

                taken = 0;
            }

            long position = positions.Count == 0
                ? inputCount + result.Value
                : positions[Math.Min(taken++, positions.Count - 1)];
            order.Add((ulong)position, result.Value);
        }
    }
}
