using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using BlobBatch.Core.Input;

namespace BlobBatch.Infrastructure;

/// <summary>
/// A pipeline object (or hashtable) seen as an input row. Like Export-Csv, the columns are those of
/// the first row: enumerating a PSObject's properties costs more than the rest of a row's work, so it
/// happens once, and later rows are read by name. A name outside those columns (a template naming a
/// property only later rows have) is still looked up on the row itself.
/// </summary>
internal sealed class PSObjectRow : IInputRow
{
    private readonly PSObject _row;
    private readonly IDictionary? _dictionary;
    private readonly IReadOnlyList<string> _columns;

    public PSObjectRow(PSObject row, long rowNumber, IReadOnlyList<string>? columns)
    {
        _row = row;
        _dictionary = row.BaseObject as IDictionary;
        RowNumber = rowNumber;
        _columns = columns ?? ColumnsOf(row);
    }

    public long RowNumber { get; }

    /// <summary>The columns this row was read with, for the rows after it.</summary>
    public IReadOnlyList<string> Columns => _columns;

    public IEnumerable<string> PropertyNames => _columns;

    public bool TryGetText(string name, out string? value)
    {
        if (!TryGetValue(name, out object? raw))
        {
            value = null;
            return false;
        }

        value = raw switch
        {
            null => string.Empty,
            string text => text,
            PSObject { BaseObject: string text } => text,
            object other => LanguagePrimitives.ConvertTo<string>(other),
        };
        return true;
    }

    private static List<string> ColumnsOf(PSObject row)
    {
        var columns = new List<string>();
        if (row.BaseObject is IDictionary dictionary)
        {
            foreach (object key in dictionary.Keys)
            {
                columns.Add(key.ToString() ?? string.Empty);
            }

            return columns;
        }

        foreach (PSPropertyInfo property in row.Properties)
        {
            if (property.IsGettable)
            {
                columns.Add(property.Name);
            }
        }

        return columns;
    }

    private bool TryGetValue(string name, out object? value)
    {
        if (_dictionary is not null)
        {
            bool found = _dictionary.Contains(name);
            value = found ? _dictionary[name] : null;
            return found;
        }

        PSPropertyInfo? property = _row.Properties[name];
        value = property?.Value;
        return property is not null;
    }
}
