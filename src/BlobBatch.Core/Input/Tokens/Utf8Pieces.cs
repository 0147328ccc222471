using System;

namespace BlobBatch.Core.Input.Tokens;

/// <summary>
/// UTF-8 as the tokenizer library writes it: a lone surrogate becomes its own three bytes (not
/// U+FFFD, as System.Text.Encoding would write it), so counts match the library's byte for byte.
/// </summary>
internal static class Utf8Pieces
{
    /// <param name="wellFormed">False when the text holds a lone surrogate or U+FFFD itself.</param>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination, out bool wellFormed)
    {
        wellFormed = true;
        int written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            uint c = text[i];
            if (c <= 0x7F)
            {
                destination[written++] = (byte)c;
            }
            else if (c <= 0x7FF)
            {
                destination[written++] = (byte)(0xC0 | (c >> 6));
                destination[written++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (char.IsHighSurrogate((char)c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                uint scalar = (uint)char.ConvertToUtf32((char)c, text[++i]);
                destination[written++] = (byte)(0xF0 | (scalar >> 18));
                destination[written++] = (byte)(0x80 | ((scalar >> 12) & 0x3F));
                destination[written++] = (byte)(0x80 | ((scalar >> 6) & 0x3F));
                destination[written++] = (byte)(0x80 | (scalar & 0x3F));
            }
            else
            {
                if (char.IsSurrogate((char)c) || c == 0xFFFD)
                {
                    wellFormed = false;
                }

                destination[written++] = (byte)(0xE0 | (c >> 12));
                destination[written++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                destination[written++] = (byte)(0x80 | (c & 0x3F));
            }
        }

        return written;
    }
}
