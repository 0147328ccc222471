using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Setup;
using BlobBatch.Completion;
using BlobBatch.Infrastructure;

namespace BlobBatch.Commands;

/// <summary>
/// A doctor for a context: checks the endpoint and credential, the api-version, both containers and
/// your rights on them, and with -Deployment that the deployment takes batches; prints each check
/// with the exact fix for a failure.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "BlobBatchSetup", SupportsShouldProcess = true)]
[OutputType(typeof(SetupCheck), typeof(bool))]
public sealed class TestBlobBatchSetupCommand : AsyncPSCmdlet
{
    private readonly List<SetupCheck> _checks = new();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public BlobBatchContext? Context { get; set; }

    /// <summary>Also check this deployment, with a one-request batch cancelled as soon as it passes validation.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DeploymentCompleter))]
    public string? Deployment { get; set; }

    /// <summary>How long to wait for the deployment probe to leave validation.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int ProbeTimeoutSeconds { get; set; } = 300;

    /// <summary>Return only $true when every check passed, else $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override async Task ProcessRecordAsync()
    {
        BlobBatchContext context = ContextResolver.Resolve(Context);
        var doctor = new SetupDoctor(
            context,
            check =>
            {
                _checks.Add(check);
                if (!Quiet)
                {
                    Emit(check);
                }
            },
            ConfirmAsync);
        await doctor.RunAsync(Deployment, TimeSpan.FromSeconds(ProbeTimeoutSeconds), CancelToken).ConfigureAwait(false);
        if (Quiet)
        {
            Emit(_checks.All(c => c.Status != SetupCheckStatus.Failed));
        }
        else if (_checks.Any(c => c.Status == SetupCheckStatus.Failed))
        {
            EmitWarning($"{_checks.Count(c => c.Status == SetupCheckStatus.Failed)} check(s) failed; each says how to fix it (Format-List shows the Fix in full).");
        }
    }
}
