using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;
using BlobBatch.Core.IO;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Setup;

/// <summary>
/// Finds out whether a deployment takes batches the only way the data plane allows: a one-request
/// batch (max_completion_tokens 1) that is cancelled as soon as it passes validation. A missing or Standard
/// deployment fails validation, which costs nothing; a good one may at most run that one request.
/// </summary>
internal sealed class DeploymentProbe
{
    private readonly BlobBatchContext _context;
    private readonly BatchServiceClient _client;
    private readonly Func<string, string, Task<bool>> _confirm;

    public DeploymentProbe(BlobBatchContext context, BatchServiceClient client, Func<string, string, Task<bool>> confirm)
    {
        _context = context;
        _client = client;
        _confirm = confirm;
    }

    public async Task<SetupCheck> CheckAsync(string deployment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string name = $"'{deployment}' is a batch deployment";
        string runId = "setup-" + RunIds.New();
        Uri inputBlob = BlobLocations.InputBlob(_context, runId, "probe.jsonl");
        if (!await _confirm(inputBlob.AbsoluteUri, $"Upload a one-request probe and start (then cancel) a batch on deployment '{deployment}'").ConfigureAwait(false))
        {
            return new SetupCheck(name, SetupCheckStatus.Skipped, "Not run: the probe would upload a blob and start a batch (-WhatIf, or declined).");
        }

        string probe = Path.Combine(Path.GetTempPath(), $"blobbatch-probe-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllBytes(probe, ProbeLine(deployment));
            await InputUploader.UploadAsync(_context, probe, inputBlob, FileHashes.Sha256Of(probe), null, cancellationToken).ConfigureAwait(false);
            BatchCreated created = await _client.CreateAsync(
                BatchCreateBody.ForBlob(inputBlob, BlobLocations.OutputFolder(_context, runId), EndpointUrls.ForBatch(EndpointKind.ChatCompletions)), cancellationToken).ConfigureAwait(false);
            BatchState state = await WaitPastValidationAsync(created.State, timeout, cancellationToken).ConfigureAwait(false);
            return Verdict(name, deployment, state);
        }
        catch (BlobBatchException ex) when (ex.ErrorId == "TokenLimitExceeded")
        {
            return new SetupCheck(name, SetupCheckStatus.Passed, "The deployment exists and takes batches; its token queue is full right now.");
        }
        catch (BlobBatchException ex)
        {
            return new SetupCheck(name, SetupCheckStatus.Failed, ex.Message, "Fix the checks above, then run again.");
        }
        finally
        {
            File.Delete(probe);
        }
    }

    // Written by the same serializer as real parts, so the deployment name is escaped as any other.
    private static byte[] ProbeLine(string deployment)
    {
        var serializer = new RequestLineSerializer(new RequestSettings(deployment, EndpointKind.ChatCompletions) { MaxTokens = 1 });
        using var stream = new System.IO.MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            serializer.Write(writer, "probe", new[] { new ChatMessage("user", "ok") });
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private async Task<BatchState> WaitPastValidationAsync(BatchState state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (state.Status == BatchStatus.Validating && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, Math.Max(0.5, timeout.TotalSeconds / 20))), cancellationToken).ConfigureAwait(false);
            state = await _client.GetAsync(state.Id, cancellationToken).ConfigureAwait(false);
        }

        if (!state.IsTerminal)
        {
            // The probe has done its job once validation is over; its one request need not run.
            await _client.CancelAsync(state.Id, cancellationToken).ConfigureAwait(false);
        }

        return state;
    }

    private static SetupCheck Verdict(string name, string deployment, BatchState state)
    {
        string[] codes = state.Errors.Select(e => e.Code).ToArray();
        if (codes.Contains("model_not_found"))
        {
            return new SetupCheck(name, SetupCheckStatus.Failed, $"The resource has no deployment '{deployment}'.",
                "Create a Global Batch or Data Zone Batch deployment with that name, or pass the right one to -Deployment.");
        }

        if (codes.Contains("invalid_request"))
        {
            return new SetupCheck(name, SetupCheckStatus.Failed, $"'{deployment}' is not a batch deployment: {string.Join("; ", state.Errors.Select(e => e.Message))}",
                "Batches need a deployment of type Global Batch or Data Zone Batch (sku GlobalBatch / DataZoneBatch); Standard deployments refuse them.");
        }

        if (codes.Length > 0)
        {
            return new SetupCheck(name, SetupCheckStatus.Failed, $"The probe batch failed: {string.Join("; ", state.Errors)}", "See the service codes in Get-Help about_BlobBatch.");
        }

        return state.Status == BatchStatus.Validating
            ? new SetupCheck(name, SetupCheckStatus.Skipped, "The probe batch was still validating when the wait ended; it was cancelled.")
            : new SetupCheck(name, SetupCheckStatus.Passed, $"A one-request probe batch passed validation ({state.Status}).");
    }
}
