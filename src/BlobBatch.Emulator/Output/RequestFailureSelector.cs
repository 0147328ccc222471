using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BlobBatch.Emulator.Output;

/// <summary>Picks the requests an injected failure rate hits, by a hash of custom_id, so every run picks the same ones.</summary>
public static class RequestFailureSelector
{
    public static bool ShouldFail(string customId, double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        if (rate >= 1)
        {
            return true;
        }

        ulong hash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(customId)));
        return hash / (double)ulong.MaxValue < rate;
    }
}
