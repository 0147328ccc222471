using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>Builds a context (where batches run, where files live, how to authenticate) and makes it the session default.</summary>
[Cmdlet(VerbsCommunications.Connect, "BlobBatch")]
[OutputType(typeof(BlobBatchContext))]
public sealed class ConnectBlobBatchCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Endpoint { get; set; } = string.Empty;

    [Parameter]
    public string? ApiVersion { get; set; }

    [Parameter]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    public TokenSource? TokenSource { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ManagedIdentityClientId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorageAccount { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BlobEndpoint { get; set; }

    [Parameter]
    public SecureString? StorageConnectionString { get; set; }

    [Parameter]
    public SecureString? StorageSasToken { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ContainerCompleter))]
    public string? InputContainer { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ContainerCompleter))]
    public string? OutputContainer { get; set; }

    /// <summary>Check now that storage answers and both containers exist.</summary>
    [Parameter]
    public SwitchParameter Validate { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        BlobBatchContext context = ContextBuilder.Build(new ContextOptions
        {
            Endpoint = Endpoint,
            ApiVersion = ApiVersion,
            ApiKey = ApiKey,
            TokenSource = TokenSource,
            ManagedIdentityClientId = ManagedIdentityClientId,
            StorageAccount = StorageAccount,
            BlobEndpoint = BlobEndpoint,
            StorageConnectionString = StorageConnectionString,
            StorageSasToken = StorageSasToken,
            InputContainer = InputContainer,
            OutputContainer = OutputContainer,
        });
        EmitVerbose($"Context: Azure OpenAI {context.Endpoint} (api-version {context.ApiVersion}, {context.OpenAIAuth}); storage {context.BlobEndpoint} ({context.StorageAuth}).");

        if (Validate)
        {
            EmitVerbose($"Checking that containers '{context.InputContainer}' and '{context.OutputContainer}' exist.");
            await StorageProbe.ValidateAsync(context, CancelToken).ConfigureAwait(false);
        }

        SessionContext.Current = context;
        if (PassThru)
        {
            Emit(context);
        }
    }
}
