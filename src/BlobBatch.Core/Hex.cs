using System.Text;

namespace BlobBatch.Core;

internal static class Hex
{
    public static string Lower(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 2);
        foreach (byte b in bytes)
        {
            text.Append(b.ToString("x2"));
        }

        return text.ToString();
    }
}
