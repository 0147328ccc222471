using System;

namespace BlobBatch.Core.Connection;

/// <summary>
/// Where batches run and where their files live, and how to authenticate to both. Immutable.
/// Every object the module emits carries one, so the next cmdlet in a pipeline binds it by name.
/// Holds secrets only in <see cref="Secrets"/>, which is internal.
/// </summary>
public sealed class BlobBatchContext
{
    public const string DefaultApiVersion = "2025-04-01-preview";
    public const string DefaultInputContainer = "batch-input";
    public const string DefaultOutputContainer = "batch-output";

    internal BlobBatchContext(
        Uri endpoint,
        string apiVersion,
        Uri blobEndpoint,
        string storageAccount,
        string inputContainer,
        string outputContainer,
        OpenAIAuthMethod openAIAuth,
        StorageAuthMethod storageAuth,
        TokenSource? tokenSource,
        string? managedIdentityClientId,
        ContextSecrets secrets)
    {
        Endpoint = endpoint;
        ApiVersion = apiVersion;
        BlobEndpoint = blobEndpoint;
        StorageAccount = storageAccount;
        InputContainer = inputContainer;
        OutputContainer = outputContainer;
        OpenAIAuth = openAIAuth;
        StorageAuth = storageAuth;
        TokenSource = tokenSource;
        ManagedIdentityClientId = managedIdentityClientId;
        Secrets = secrets;
    }

    /// <summary>The Azure OpenAI resource, e.g. https://contoso.openai.azure.com.</summary>
    public Uri Endpoint { get; }

    /// <summary>A dated api-version such as 2025-04-01-preview, or "v1" for the /openai/v1 path.</summary>
    public string ApiVersion { get; }

    /// <summary>The blob service, e.g. https://contosobatch.blob.core.windows.net. Never carries a SAS.</summary>
    public Uri BlobEndpoint { get; }

    public string StorageAccount { get; }

    public string InputContainer { get; }

    public string OutputContainer { get; }

    public OpenAIAuthMethod OpenAIAuth { get; }

    public StorageAuthMethod StorageAuth { get; }

    /// <summary>Set when any part authenticates with Microsoft Entra.</summary>
    public TokenSource? TokenSource { get; }

    public string? ManagedIdentityClientId { get; }

    internal ContextSecrets Secrets { get; }

    public Uri InputContainerUri => ContainerUri(InputContainer);

    public Uri OutputContainerUri => ContainerUri(OutputContainer);

    public override string ToString() => $"{Endpoint} -> {BlobEndpoint} ({InputContainer}, {OutputContainer})";

    private Uri ContainerUri(string container) => new(BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + container);
}
