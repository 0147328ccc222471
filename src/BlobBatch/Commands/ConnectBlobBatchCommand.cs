using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>
/// Builds a context (where batches run, where files live, how to authenticate), makes it the session
/// default and shows it in a few lines (to the host, like Write-Host, so scripts' output stays clean);
/// -Quiet shows nothing.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "BlobBatch")]
[OutputType(typeof(BlobBatchContext))]
public sealed class ConnectBlobBatchCommand : AsyncPSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Endpoint { get; set; } = string.Empty;

    [Parameter]
    public string? ApiVersion { get; set; }

    /// <summary>The Azure cloud; inferred from the endpoint's host (or the Az context) when not given.</summary>
    [Parameter]
    public AzureEnvironment? Environment { get; set; }

    [Parameter]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    public TokenSource? TokenSource { get; set; }

    /// <summary>Sign in with the managed identity, as Connect-AzAccount -Identity does.</summary>
    [Parameter]
    public SwitchParameter Identity { get; set; }

    [Parameter]
    [Alias("AccountId")]
    [ValidateNotNullOrEmpty]
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The Az context to sign in with (Get-AzContext); bound by its shape, as Az's types live in Az's own load context.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? AzContext { get; set; }

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

    /// <summary>Shows nothing: for runbooks and pipelines that keep their logs short.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        var options = new ContextOptions
        {
            Endpoint = Endpoint,
            ApiVersion = ApiVersion,
            Environment = Environment,
            ApiKey = ApiKey,
            TokenSource = ResolveTokenSource(),
            ManagedIdentityClientId = ManagedIdentityClientId,
            StorageAccount = StorageAccount,
            BlobEndpoint = BlobEndpoint,
            StorageConnectionString = StorageConnectionString,
            StorageSasToken = StorageSasToken,
            InputContainer = InputContainer,
            OutputContainer = OutputContainer,
        };
        await UseAzContextAsync(options).ConfigureAwait(false);
        BlobBatchContext context = ContextBuilder.Build(options);
        EmitVerbose($"Context: Azure OpenAI {context.Endpoint} (api-version {context.ApiVersion}, {context.OpenAIAuth}); storage {context.BlobEndpoint} ({context.StorageAuth}); {context.Environment}; sign-in {context.SignIn ?? "keys only"}.");

        if (Validate)
        {
            EmitVerbose($"Signing in, and checking that containers '{context.InputContainer}' and '{context.OutputContainer}' exist.");
            await StorageProbe.ValidateAsync(context, CancelToken).ConfigureAwait(false);
        }

        SessionContext.Current = context;
        if (!Quiet)
        {
            foreach (string line in ContextDescription.Lines(context))
            {
                EmitInformation(new HostInformationMessage { Message = line }, "PSHOST");
            }
        }

        if (PassThru)
        {
            Emit(context);
        }
    }

    private TokenSource? ResolveTokenSource()
    {
        if (!Identity)
        {
            return TokenSource;
        }

        if (TokenSource is not null and not Core.Connection.TokenSource.ManagedIdentity)
        {
            throw new BlobBatchException(
                "ConflictingAuthOptions", ErrorKind.InvalidArgument,
                $"-Identity signs in with the managed identity; it cannot be combined with -TokenSource {TokenSource}.");
        }

        return Core.Connection.TokenSource.ManagedIdentity;
    }

    // An Az context given (or -TokenSource AzContext, which takes the session's) signs in through Az.
    private async Task UseAzContextAsync(ContextOptions options)
    {
        PSObject? azContext = AzContext;
        if (azContext is null && options.TokenSource == Core.Connection.TokenSource.AzContext)
        {
            azContext = await InvokeOnPipelineAsync(CurrentAzContext).ConfigureAwait(false);
        }

        if (azContext is null)
        {
            return;
        }

        if (options.TokenSource is not null and not Core.Connection.TokenSource.AzContext)
        {
            throw new BlobBatchException(
                "ConflictingAuthOptions", ErrorKind.InvalidArgument,
                $"An Az context signs in through Az; it cannot be combined with -TokenSource {options.TokenSource} or -Identity.");
        }

        AzContextShape shape = AzContextShape.Read(azContext);
        options.Credential = new AzSessionCredential(azContext);
        options.CredentialDescription = shape.Describe();
        options.Environment ??= shape.Environment;
        options.TokenSource = null;
    }

    private PSObject? CurrentAzContext()
    {
        try
        {
            return InvokeCommand.InvokeScript("Get-AzContext -ErrorAction Stop").FirstOrDefault(o => o is not null);
        }
        catch (CommandNotFoundException)
        {
            throw new BlobBatchException(
                "AzContextNotGiven", ErrorKind.InvalidArgument,
                "-TokenSource AzContext needs Az.Accounts: install it (Install-PSResource Az.Accounts) and run Connect-AzAccount.");
        }
    }
}
