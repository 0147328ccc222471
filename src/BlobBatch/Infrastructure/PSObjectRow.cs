using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using BlobBatch.Core.Input;

namespace BlobBatch.Infrastructure;

/// <summary>
/// A pipeline object (or hashtable) seen as an input row. Its properties are read once, when the row
/// arrives: looking each one up again through PSObject's member collections costs more than the rest
/// of the row's work.
/// </summary>
internal sealed class PSObjectRow : IInputRow
{
    private readonly List<KeyValuePair<string, object?>> _values = new();

    public PSObjectRow(PSObject row, long rowNumber)
    {
        RowNumber = rowNumber;
        if (row.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                _values.Add(new KeyValuePair<string, object?>(entry.Key.ToString() ?? string.Empty, entry.Value));
            }

            return;
        }

        foreach (PSPropertyInfo property in row.Properties)
        {
            if (property.IsGettable)
            {
                _values.Add(new KeyValuePair<string, object?>(property.Name, property.Value));
            }
        }
    }

    public long RowNumber { get; }

    public IEnumerable<string> PropertyNames
    {
        get
        {
            foreach (KeyValuePair<string, object?> value in _values)
            {
                yield return value.Key;
            }
        }
    }

    public bool TryGetText(string name, out string? value)
    {
        // Rows have a handful of columns: a scan beats building a dictionary per row.
        foreach (KeyValuePair<string, object?> pair in _values)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = pair.Value switch
                {
                    null => string.Empty,
                    string text => text,
                    PSObject { BaseObject: string text } => text,
                    object other => LanguagePrimitives.ConvertTo<string>(other),
                };
                return true;
            }
        }

        value = null;
        return false;
    }
}
