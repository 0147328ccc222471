using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Input;

/// <summary>Which request APIs Azure's batch service takes today.</summary>
public static class EndpointSupport
{
    /// <summary>
    /// Azure's batch FAQ (articles/foundry/openai/how-to/batch.md): "embeddings models are not currently
    /// supported". The embeddings path stays in the code behind an explicit switch for the day that changes.
    /// </summary>
    public static void Require(EndpointKind endpoint, bool allowEmbeddings)
    {
        if (endpoint == EndpointKind.Embeddings && !allowEmbeddings)
        {
            throw new BlobBatchException(
                "EmbeddingsNotSupported", ErrorKind.InvalidArgument,
                "Azure OpenAI batch does not take embeddings: its batch FAQ says \"embeddings models are not currently supported\". " +
                "Use -RequestKind ChatCompletions or Responses; if Azure has since enabled embeddings for batch, add -AllowEmbeddings.");
        }
    }

    /// <summary>Every check of the settings that can be made before a line is written.</summary>
    public static void Verify(RequestSettings settings, string? model, bool allowEmbeddings)
    {
        Require(settings.Endpoint, allowEmbeddings);
        ModelFamily? family = ModelFamily.Identify(model ?? settings.Deployment);
        family?.Check(settings, model is null ? $"the deployment name '{settings.Deployment}'" : $"-Model '{model}'");
    }
}
