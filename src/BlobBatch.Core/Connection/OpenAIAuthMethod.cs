namespace BlobBatch.Core.Connection;

public enum OpenAIAuthMethod
{
    EntraToken,
    ApiKey,
}
