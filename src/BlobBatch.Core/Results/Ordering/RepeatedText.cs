using System.Collections.Generic;
using System.IO;

namespace BlobBatch.Core.Results.Ordering;

/// <summary>
/// The values a spill's records repeat (the model, the finish reason, the batch id): each written once
/// into this in-memory table and then as its index, so reading a million records back makes a handful
/// of strings instead of millions. A value beyond the table's room is written in full, as any other.
/// </summary>
internal sealed class RepeatedText
{
    // Far more than a run's models, finish reasons and batches; a field with unique values (a misuse)
    // stops being tabled here instead of growing the table with the run.
    private const int Room = 4096;
    private const int Inline = -1;

    private readonly Dictionary<string, int> _indexes = new();
    private readonly List<string> _values = new();

    public void Write(BinaryWriter writer, string value)
    {
        if (!_indexes.TryGetValue(value, out int index))
        {
            index = _values.Count < Room ? _values.Count : Inline;
            if (index != Inline)
            {
                _indexes.Add(value, index);
                _values.Add(value);
            }
        }

        writer.Write(index);
        if (index == Inline)
        {
            writer.Write(value);
        }
    }

    public string Read(BinaryReader reader)
    {
        int index = reader.ReadInt32();
        return index == Inline ? reader.ReadString() : _values[index];
    }
}
