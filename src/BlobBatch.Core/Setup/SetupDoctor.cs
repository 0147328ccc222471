using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Setup;

/// <summary>
/// Checks a context end to end and says exactly what to fix: the endpoint and credential, the
/// api-version, both containers and the caller's rights on them, and (when named) the deployment.
/// </summary>
public sealed class SetupDoctor
{
    private readonly BlobBatchContext _context;
    private readonly Action<SetupCheck> _report;
    private readonly Func<string, string, Task<bool>> _confirm;

    /// <param name="confirm">Asked before each check that writes (a probe blob, a probe batch): -WhatIf skips them.</param>
    public SetupDoctor(BlobBatchContext context, Action<SetupCheck> report, Func<string, string, Task<bool>> confirm)
    {
        _context = context;
        _report = report;
        _confirm = confirm;
    }

    public async Task RunAsync(string? deployment, TimeSpan probeTimeout, CancellationToken cancellationToken)
    {
        bool signedIn = await CheckSignInAsync(cancellationToken).ConfigureAwait(false);
        BatchServiceClient client = BatchServiceClient.For(_context);
        bool serviceAnswers = signedIn || _context.OpenAIAuth != OpenAIAuthMethod.EntraToken
            ? await CheckServiceAsync(client, cancellationToken).ConfigureAwait(false)
            : SkipForSignIn(ServiceCheckName);
        CheckApiVersion(serviceAnswers);
        bool storageUsable = signedIn || _context.StorageAuth != StorageAuthMethod.EntraToken;
        BlobServiceClient storage = StorageClients.Service(_context);
        bool inputExists = storageUsable
            ? await CheckContainerAsync(storage, _context.InputContainer, "input", cancellationToken).ConfigureAwait(false)
            : SkipForSignIn(ContainerCheckName(_context.InputContainer, "input"));
        bool outputExists = storageUsable
            ? await CheckContainerAsync(storage, _context.OutputContainer, "output", cancellationToken).ConfigureAwait(false)
            : SkipForSignIn(ContainerCheckName(_context.OutputContainer, "output"));
        if (inputExists)
        {
            await CheckWriteAsync(storage.GetBlobContainerClient(_context.InputContainer), cancellationToken).ConfigureAwait(false);
        }

        if (outputExists)
        {
            await CheckReadAsync(storage.GetBlobContainerClient(_context.OutputContainer), cancellationToken).ConfigureAwait(false);
        }

        if (deployment is null)
        {
            _report(new SetupCheck("Batch deployment", SetupCheckStatus.Skipped, "No -Deployment given."));
        }
        else if (serviceAnswers && inputExists && outputExists)
        {
            var probe = new DeploymentProbe(_context, client, _confirm);
            _report(await probe.CheckAsync(deployment, probeTimeout, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            _report(new SetupCheck("Batch deployment", SetupCheckStatus.Skipped, "Needs the service and both containers; fix the checks above first."));
        }

        _report(ServiceIdentityAdvice());
    }

    private const string ServiceCheckName = "Azure OpenAI endpoint and credential";

    private static string ContainerCheckName(string container, string role) => $"The {role} container '{container}' exists";

    /// <summary>Gets a token for each audience the context signs in to; a failure is reported with its fix, not thrown.</summary>
    private async Task<bool> CheckSignInAsync(CancellationToken cancellationToken)
    {
        if (_context.Clients.Credential is null)
        {
            return true;
        }

        const string name = "Microsoft Entra sign-in";
        try
        {
            await _context.Clients.SignInAsync(cancellationToken).ConfigureAwait(false);
            _report(new SetupCheck(name, SetupCheckStatus.Passed, $"{_context.SignIn} gave a token for {string.Join(" and ", _context.Clients.Audiences())}."));
            return true;
        }
        catch (BlobBatchException ex) when (ex.Kind == ErrorKind.AuthenticationFailed)
        {
            _report(new SetupCheck(name, SetupCheckStatus.Failed, ex.Message, IdentityErrors.FixFor(_context.SignIn ?? "Default")));
            return false;
        }
    }

    private bool SkipForSignIn(string name)
    {
        _report(new SetupCheck(name, SetupCheckStatus.Skipped, "Needs the Microsoft Entra sign-in; fix that check first."));
        return false;
    }

    private async Task<bool> CheckServiceAsync(BatchServiceClient client, CancellationToken cancellationToken)
    {
        const string name = ServiceCheckName;
        try
        {
            await client.ListAsync(null, 1, cancellationToken).ConfigureAwait(false);
            _report(new SetupCheck(name, SetupCheckStatus.Passed, $"{_context.Endpoint} answered and accepted the {_context.OpenAIAuth}."));
            return true;
        }
        catch (BlobBatchException ex)
        {
            string fix = ex.Kind switch
            {
                ErrorKind.AuthenticationFailed when ex.ErrorId is "CredentialUnavailable" or "AuthenticationFailed" => IdentityErrors.FixFor(_context.SignIn ?? "Default"),
                ErrorKind.AuthenticationFailed or ErrorKind.PermissionDenied =>
                    "Pass the resource's key (Connect-BlobBatch -ApiKey), or give your identity the 'Cognitive Services OpenAI User' role: az role assignment create --assignee <you> --role \"Cognitive Services OpenAI User\" --scope <openai-resource-id>",
                ErrorKind.NotFound => "Use the resource endpoint itself, like https://<resource>.openai.azure.com, without a path.",
                ErrorKind.ConnectionError => "Check the endpoint's spelling and that this machine can reach it (proxy, firewall, private endpoint).",
                _ => "See the detail; run again with -Verbose.",
            };
            _report(new SetupCheck(name, SetupCheckStatus.Failed, ex.Message, fix));
            return false;
        }
    }

    private void CheckApiVersion(bool serviceAnswers)
    {
        const string name = "api-version supports blob storage batches";
        if (!ApiVersions.SupportsBlobMode(_context.ApiVersion))
        {
            _report(new SetupCheck(name, SetupCheckStatus.Failed, $"{_context.ApiVersion} predates blob mode.", "Connect-BlobBatch without -ApiVersion (v1)"));
            return;
        }

        _report(serviceAnswers
            ? new SetupCheck(name, SetupCheckStatus.Passed, $"{_context.ApiVersion} knows input_blob and output_folder, and {ApiVersions.Surface(_context.ApiVersion)} answered.")
            : new SetupCheck(name, SetupCheckStatus.Skipped, $"{_context.ApiVersion} knows blob mode; the resource did not answer, so its acceptance is unknown."));
    }

    private async Task<bool> CheckContainerAsync(BlobServiceClient storage, string container, string role, CancellationToken cancellationToken)
    {
        string name = ContainerCheckName(container, role);
        string create = $"az storage container create --account-name {_context.StorageAccount} --name {container} --auth-mode login";
        try
        {
            bool exists = (await storage.GetBlobContainerClient(container).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
            _report(exists
                ? new SetupCheck(name, SetupCheckStatus.Passed, $"Found in {_context.BlobEndpoint}.")
                : new SetupCheck(name, SetupCheckStatus.Failed, $"There is no container '{container}' in {_context.BlobEndpoint}.", create));
            return exists;
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            _report(new SetupCheck(name, SetupCheckStatus.Failed, StorageFailure(ex), StorageFix(ex)));
            return false;
        }
    }

    private async Task CheckWriteAsync(BlobContainerClient input, CancellationToken cancellationToken)
    {
        const string name = "You can write the input container";
        try
        {
            _report(await WriteProbeAsync(input, cancellationToken).ConfigureAwait(false)
                ? new SetupCheck(name, SetupCheckStatus.Passed, "Uploaded and deleted a small probe blob.")
                : new SetupCheck(name, SetupCheckStatus.Skipped, "Not run: it uploads a probe blob (-WhatIf, or declined)."));
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            _report(new SetupCheck(name, SetupCheckStatus.Failed, StorageFailure(ex), StorageFix(ex)));
        }
    }

    // Saving reads the results; starting and saving also write the run's manifest and side maps beside them.
    private async Task CheckReadAsync(BlobContainerClient output, CancellationToken cancellationToken)
    {
        const string name = "You can read and write the output container";
        try
        {
            await foreach (Page<BlobItem> page in output.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }

            _report(new SetupCheck(name, SetupCheckStatus.Passed, await WriteProbeAsync(output, cancellationToken).ConfigureAwait(false)
                ? "Listed its blobs, and uploaded and deleted a small probe blob (runs keep their manifest and side maps here)."
                : "Listed its blobs; the write probe was not run (-WhatIf, or declined)."));
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            _report(new SetupCheck(name, SetupCheckStatus.Failed, StorageFailure(ex), StorageFix(ex)));
        }
    }

    /// <summary>Uploads and deletes a small probe blob, after the confirm hook agrees; false when it did not.</summary>
    private async Task<bool> WriteProbeAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        BlobClient probe = container.GetBlobClient($".blobbatch-setup/{Guid.NewGuid():N}.txt");
        if (!await _confirm(Redaction.Url(probe.Uri), "Upload and delete a small probe blob").ConfigureAwait(false))
        {
            return false;
        }

        await probe.UploadAsync(BinaryData.FromString("BlobBatch setup check; safe to delete."), cancellationToken).ConfigureAwait(false);
        await probe.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static bool IsStorageFailure(Exception ex) =>
        ex is RequestFailedException or AggregateException or System.Net.Http.HttpRequestException or BlobBatchException;

    private SetupCheck ServiceIdentityAdvice() => new(
        "The resource's identity may use the storage account",
        SetupCheckStatus.Info,
        "Not visible from here: the Azure OpenAI resource reads your input and writes your output with its system-assigned managed identity (user-assigned ones are not supported), which needs Storage Blob Data Contributor on the storage account.",
        "az cognitiveservices account identity assign --name <resource> --resource-group <rg>; " +
        $"az role assignment create --assignee <principalId> --role \"Storage Blob Data Contributor\" --scope $(az storage account show --name {_context.StorageAccount} --query id -o tsv). " +
        "With Az: Set-AzCognitiveServicesAccount -ResourceGroupName <rg> -Name <resource> -IdentityType SystemAssigned; " +
        $"New-AzRoleAssignment -ObjectId <principalId> -RoleDefinitionName 'Storage Blob Data Contributor' -Scope (Get-AzStorageAccount -ResourceGroupName <rg> -Name {_context.StorageAccount}).Id");

    private static string StorageFailure(Exception ex) => ex switch
    {
        RequestFailedException failed => $"Storage answered {failed.Status} ({failed.ErrorCode ?? "no error code"}).",
        BlobBatchException known => known.Message,
        _ => $"Storage did not answer ({ex.GetType().Name}).",
    };

    private string StorageFix(Exception ex) => ex is RequestFailedException { Status: 401 or 403 }
        ? $"Give your identity 'Storage Blob Data Contributor' on the account (az role assignment create --assignee <you> --role \"Storage Blob Data Contributor\" --scope $(az storage account show --name {_context.StorageAccount} --query id -o tsv)), or check the key or SAS."
        : $"Check that {_context.BlobEndpoint} is right and reachable from this machine.";
}
