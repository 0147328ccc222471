using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Backends;

public sealed record BackendResult(int StatusCode, JsonNode Body)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
