using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BlobBatch.Core.Input;

namespace BlobBatch.Infrastructure;

/// <summary>A pipeline object (or hashtable) seen as an input row.</summary>
internal sealed class PSObjectRow : IInputRow
{
    private readonly PSObject _row;
    private readonly IDictionary? _dictionary;

    public PSObjectRow(PSObject row, long rowNumber)
    {
        _row = row;
        _dictionary = row.BaseObject as IDictionary;
        RowNumber = rowNumber;
    }

    public long RowNumber { get; }

    public IEnumerable<string> PropertyNames => _dictionary is not null
        ? _dictionary.Keys.Cast<object>().Select(k => k.ToString())
        : _row.Properties.Where(p => p.IsGettable).Select(p => p.Name);

    public bool TryGetText(string name, out string? value)
    {
        object? raw;
        if (_dictionary is not null)
        {
            if (!_dictionary.Contains(name))
            {
                value = null;
                return false;
            }

            raw = _dictionary[name];
        }
        else
        {
            PSPropertyInfo? property = _row.Properties[name];
            if (property is null)
            {
                value = null;
                return false;
            }

            raw = property.Value;
        }

        value = raw is null ? string.Empty : LanguagePrimitives.ConvertTo<string>(raw);
        return true;
    }
}
