using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

internal sealed class TestRow : IInputRow
{
    private readonly Dictionary<string, string?> _values;

    public TestRow(long rowNumber, params (string Name, string? Value)[] values)
    {
        RowNumber = rowNumber;
        _values = values.ToDictionary(v => v.Name, v => v.Value);
    }

    public long RowNumber { get; }

    public IEnumerable<string> PropertyNames => _values.Keys;

    public bool TryGetText(string name, out string? value) => _values.TryGetValue(name, out value);
}
