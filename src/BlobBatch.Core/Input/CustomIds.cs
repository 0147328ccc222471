using System;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Input;

/// <summary>
/// Refuses a repeated custom_id in bounded memory. Ids are kept as 64-bit hashes
/// (<see cref="JsonlIds.HashOf"/>). A repeat among the recent ids is reported at its
/// row, with the id; one further apart is found by <see cref="Finish"/>, after the last id.
/// </summary>
public sealed class CustomIds : IDisposable
{
    private readonly Func<long, string> _describe;
    private readonly RepeatCheck _repeats = new();

    /// <param name="describe">Names a position in errors: "Row 12", "in.jsonl line 12".</param>
    public CustomIds(Func<long, string> describe)
    {
        _describe = describe;
    }

    public long Count => _repeats.Sorted.Count;

    /// <summary>Stable ids for rows without an id property: row-1, row-2, …, the same on every run.</summary>
    public static string Generated(long rowNumber) => "row-" + rowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Add(string customId, long position)
    {
        if (string.IsNullOrWhiteSpace(customId))
        {
            string where = _describe(position);
            throw new BlobBatchException(
                "EmptyCustomId", ErrorKind.InvalidData, $"{where} has an empty custom_id; every request needs a unique, non-empty id.", where);
        }

        if (_repeats.Add(JsonlIds.HashOf(customId), position) is long first)
        {
            throw Repeat(position, first, $"custom_id '{customId}'");
        }
    }

    /// <summary>After the last id: reports the earliest repeat too far from its first use to be caught at once.</summary>
    public void Finish()
    {
        (long First, long Repeat)? earliest = null;
        foreach ((long first, long repeat) in _repeats.FarRepeats())
        {
            if (earliest is null || repeat < earliest.Value.Repeat)
            {
                earliest = (first, repeat);
            }
        }

        if (earliest is { } found)
        {
            throw Repeat(found.Repeat, found.First, "the custom_id");
        }
    }

    public void Dispose() => _repeats.Dispose();

    private BlobBatchException Repeat(long position, long first, string what)
    {
        string where = _describe(position);
        return new BlobBatchException(
            "DuplicateCustomId", ErrorKind.InvalidData,
            $"{where} repeats {what} already used at {_describe(first)}. Ids must be unique (the service fails the batch with duplicate_custom_id).",
            where);
    }
}
