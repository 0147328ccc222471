namespace BlobBatch.Core.Results;

/// <summary>
/// Shared boxes for the values every joined row repeats (success, status codes, small token counts),
/// so a save of a million rows does not box the same few numbers millions of times. Boxes are
/// immutable, so sharing one is indistinguishable from boxing anew.
/// </summary>
internal static class Boxed
{
    private const int CachedInts = 4096;
    private static readonly object True = true;
    private static readonly object False = false;
    private static readonly object[] Ints = CreateInts();

    public static object Of(bool value) => value ? True : False;

    public static object? Of(int? value) => value switch
    {
        null => null,
        >= 0 and < CachedInts => Ints[value.Value],
        _ => value.Value,
    };

    private static object[] CreateInts()
    {
        var boxes = new object[CachedInts];
        for (int i = 0; i < boxes.Length; i++)
        {
            boxes[i] = i;
        }

        return boxes;
    }
}
