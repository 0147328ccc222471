using System;

namespace BlobBatch.Core.Connection;

/// <summary>
/// Where batches run and where their files live, and how to authenticate to both. Immutable.
/// Every object the module emits carries one, so the next cmdlet in a pipeline binds it by name.
/// Holds secrets only in <see cref="Secrets"/>, which is internal.
/// </summary>
public sealed class BlobBatchContext
{
    /// <summary>The v1 surface: Azure's batch how-to says the newer models need it, and its blob-storage how-to uses it.</summary>
    public const string DefaultApiVersion = ApiVersions.V1;
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
        string? signIn,
        CloudSettings cloud,
        ContextSecrets secrets,
        Azure.Core.TokenCredential? givenCredential)
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
        SignIn = signIn;
        Cloud = cloud;
        Secrets = secrets;
        _clients = new Lazy<ContextClients>(() => new ContextClients(this, givenCredential));
    }

    private readonly Lazy<ContextClients> _clients;

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

    /// <summary>The Azure cloud: its storage suffix and token audiences.</summary>
    public AzureEnvironment Environment => Cloud.Environment;

    /// <summary>How Microsoft Entra tokens are got, in words: the token source, or the Az account and tenant. Null with keys only.</summary>
    public string? SignIn { get; }

    /// <summary>Who Microsoft Entra signed in, once a token was fetched (Connect-BlobBatch -Validate, or the first call); null before, and with keys only.</summary>
    public string? SignedInAs => _clients.IsValueCreated ? Clients.Credential?.SignedInAs : null;

    internal CloudSettings Cloud { get; }

    /// <summary>How long one call to the batch service may take.</summary>
    internal TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The context's one credential and clients, made on first use.</summary>
    internal ContextClients Clients => _clients.Value;

    internal ContextSecrets Secrets { get; }

    public Uri InputContainerUri => ContainerUri(InputContainer);

    public Uri OutputContainerUri => ContainerUri(OutputContainer);

    public override string ToString() => $"{Endpoint} -> {BlobEndpoint} ({InputContainer}, {OutputContainer})";

    private Uri ContainerUri(string container) => new(BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + container);
}
