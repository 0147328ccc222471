using System;
using System.Collections.Generic;

namespace BlobBatch.Core.IO;

/// <summary>
/// Finds repeated keys (id hashes) in bounded memory. A repeat within the most recent 4,096 keys is
/// reported at once, so the caller can still name the id; every first use also goes to an external
/// sort, where a repeat further apart shows up next to its first use (<see cref="FarRepeats"/>).
/// </summary>
internal sealed class RepeatCheck : IDisposable
{
    public const int RecentWindow = 1 << 12;

    // Sized once: Clear keeps the capacity, and growing by doubling would leave garbage behind.
    private readonly Dictionary<ulong, long> _recent = new(RecentWindow);
    private bool _windowCleared;

    // Only ever read in order (far repeats, reconciliation's merge), never looked up.
    public ExternalRecordSort Sorted { get; } = new(ExternalRecordSort.MergeWindow);

    /// <summary>Records a key; returns the position of its earlier use when that is recent, else null.</summary>
    public long? Add(ulong key, long position)
    {
        if (_recent.TryGetValue(key, out long first))
        {
            return first;
        }

        if (_recent.Count == RecentWindow)
        {
            _recent.Clear();
            _windowCleared = true;
        }

        _recent.Add(key, position);
        Sorted.Add(key, position);
        return null;
    }

    /// <summary>Repeats too far apart for the window, as (first use, repeat) positions. Reads the sort.</summary>
    public IEnumerable<(long First, long Repeat)> FarRepeats()
    {
        if (!_windowCleared)
        {
            yield break;
        }

        KeyedRecord? first = null;
        foreach (KeyedRecord record in Sorted.ReadSorted())
        {
            if (first is { } earlier && earlier.Key == record.Key)
            {
                yield return (earlier.Value, record.Value);
            }
            else
            {
                first = record;
            }
        }
    }

    public void Dispose() => Sorted.Dispose();
}
