using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Input;

/// <summary>One well-formed line of a batch input.</summary>
public sealed record InputRequest(int Line, string CustomId, string Url, string Model, JsonObject Body);
