using System.Collections.Generic;
using System.Management.Automation;
using BlobBatch.Core.Input;

namespace BlobBatch.Infrastructure;

/// <summary>
/// A CSV row numbered by its place in the whole input, not in its file: rows of several piped files
/// (and objects between them) make one input, and generated custom_ids come from the row number.
/// </summary>
internal sealed class RenumberedRow : IInputRow
{
    private readonly IInputRow _row;

    public RenumberedRow(IInputRow row, long rowNumber)
    {
        _row = row;
        RowNumber = rowNumber;
    }

    public long RowNumber { get; }

    public IEnumerable<string> PropertyNames => _row.PropertyNames;

    public bool TryGetText(string name, out string? value) => _row.TryGetText(name, out value);

    /// <summary>The row as -MessageScript sees it ($_): one text property per column, as Import-Csv makes them.</summary>
    public static PSObject AsPSObject(IInputRow row)
    {
        var item = new PSObject();
        foreach (string name in row.PropertyNames)
        {
            row.TryGetText(name, out string? value);
            item.Properties.Add(new PSNoteProperty(name, value));
        }

        return item;
    }
}
