using System.Text.Json.Nodes;

namespace BlobBatch.Emulator.Models;

/// <summary>Why a line's parameters are refused: the 400 body Azure OpenAI (like OpenAI) answers for it.</summary>
public sealed record ParameterRefusal(string Param, string Code, string Message)
{
    public const int StatusCode = 400;
    public const string UnsupportedParameter = "unsupported_parameter";
    public const string UnsupportedValue = "unsupported_value";

    /// <summary>{"error":{"message","type":"invalid_request_error","param","code"}}, in the service's field order.</summary>
    public JsonObject Body() => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = Message,
            ["type"] = "invalid_request_error",
            ["param"] = Param,
            ["code"] = Code,
        },
    };
}
