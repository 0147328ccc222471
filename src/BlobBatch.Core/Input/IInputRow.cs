using System.Collections.Generic;

namespace BlobBatch.Core.Input;

/// <summary>One source row, whatever it came from: a pipeline object or a CSV record.</summary>
public interface IInputRow
{
    /// <summary>1-based position in the input.</summary>
    long RowNumber { get; }

    IEnumerable<string> PropertyNames { get; }

    /// <summary>The property's value as text; false when the row has no such property. Null values read as "".</summary>
    bool TryGetText(string name, out string? value);
}
