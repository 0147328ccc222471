using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Runs;

/// <summary>
/// Opens a run's manifest (from -StatePath, else from the output container by run id, else new) and
/// saves it after every step, locally when a path was given and always beside the results.
/// </summary>
public sealed class RunRecorder
{
    private readonly BlobBatchContext _context;
    private readonly string? _statePath;

    private RunRecorder(BlobBatchContext context, string? statePath, RunManifest manifest)
    {
        _context = context;
        _statePath = statePath;
        Manifest = manifest;
    }

    public RunManifest Manifest { get; }

    public string RunId => Manifest.RunId;

    public static async Task<RunRecorder> OpenAsync(BlobBatchContext context, string? statePath, string? runId, CancellationToken cancellationToken)
    {
        if (runId is not null)
        {
            RunIds.Require(runId);
        }

        if (statePath is not null)
        {
            RunManifestStore.RequireWritableLocal(statePath);
        }

        RunManifest? manifest = statePath is null ? null : RunManifestStore.TryReadLocal(statePath);
        if (manifest is null && runId is not null)
        {
            try
            {
                manifest = await RunManifestStore.ReadBlobAsync(context, runId, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobBatchException ex) when (ex.ErrorId == "RunNotFound")
            {
                manifest = null;
            }
        }

        if (manifest is not null)
        {
            RunManifestStore.RequireSameTarget(manifest, context);
            if (runId is not null && runId != manifest.RunId)
            {
                throw new BlobBatchException("RunIdMismatch", ErrorKind.InvalidArgument,
                    $"-StatePath holds run {manifest.RunId}, not {runId}.", runId);
            }
        }

        return new RunRecorder(context, statePath, manifest ?? RunManifest.New(runId ?? RunIds.New(), context));
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_statePath is not null)
        {
            RunManifestStore.WriteLocal(_statePath, Manifest);
        }

        await RunManifestStore.WriteBlobAsync(_context, Manifest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's manifest for resuming in another process: from the local file when given, else from the output container.</summary>
    public static async Task<RunManifest> LoadAsync(BlobBatchContext context, string? statePath, string? runId, CancellationToken cancellationToken)
    {
        RunManifest manifest = statePath is not null
            ? RunManifestStore.TryReadLocal(statePath) ?? throw new BlobBatchException("RunNotFound", ErrorKind.NotFound, $"No run manifest at '{statePath}'.", statePath)
            : await RunManifestStore.ReadBlobAsync(context, RunIds.Require(runId), cancellationToken).ConfigureAwait(false);
        RunManifestStore.RequireSameTarget(manifest, context);
        return manifest;
    }
}
