using System.Collections.Generic;
using System.IO.Hashing;
using System.Text;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Input;

/// <summary>
/// Remembers every custom_id of an input to refuse repeats. Keeps a 64-bit hash per id rather than the
/// id itself, so a million ids cost about 30 MB instead of the strings; a false repeat would need a
/// hash collision (odds about 1 in 10^7 at a million ids).
/// </summary>
public sealed class CustomIds
{
    private readonly Dictionary<ulong, long> _firstSeen = new();

    public int Count => _firstSeen.Count;

    /// <summary>Stable ids for rows without an id property: row-1, row-2, …, the same on every run.</summary>
    public static string Generated(long rowNumber) => "row-" + rowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Add(string customId, long position, string where)
    {
        if (string.IsNullOrWhiteSpace(customId))
        {
            throw new BlobBatchException(
                "EmptyCustomId", ErrorKind.InvalidData, $"{where} has an empty custom_id; every request needs a unique, non-empty id.", where);
        }

        ulong key = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(customId));
        if (_firstSeen.TryGetValue(key, out long first))
        {
            throw new BlobBatchException(
                "DuplicateCustomId", ErrorKind.InvalidData,
                $"{where} repeats custom_id '{customId}', first used at {first}. Ids must be unique (the service fails the batch with duplicate_custom_id).",
                where);
        }

        _firstSeen.Add(key, position);
    }
}
