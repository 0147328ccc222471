using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using BlobBatch.Core.Batches;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Jobs;
using BlobBatch.Core.Runs;
using BlobBatch.Core.Storage;

namespace BlobBatch.Core.Workflows;

/// <summary>
/// Where a batch that was looked up (not started in this session) came from: its run id is the first
/// folder of its output blob ({output container}/{run id}/…) or input blob, and its part, attempt and
/// files are in that run's manifest, read once per run. A manifest that cannot be read leaves the run
/// id alone; storage that cannot be reached at all is not asked again for the rest of the lookup.
/// </summary>
public sealed class RunOrigins
{
    private static readonly Regex RunIdShape = new("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$", RegexOptions.CultureInvariant);

    private readonly BlobBatchContext _context;
    private readonly Action<string> _log;
    private readonly Dictionary<string, RunManifest?> _manifests = new(StringComparer.Ordinal);
    private bool _storageUnavailable;

    public RunOrigins(BlobBatchContext context, Action<string> log)
    {
        _context = context;
        _log = log;
    }

    public async Task<JobOrigin> OriginOfAsync(BatchState state, CancellationToken cancellationToken)
    {
        string? runId = RunIdIn(state.OutputBlob, _context.OutputContainer) ?? RunIdIn(state.InputBlob, _context.InputContainer);
        if (runId is null)
        {
            return JobOrigin.Unknown;
        }

        RunManifest? manifest = await ManifestAsync(runId, cancellationToken).ConfigureAwait(false);
        RunPart? part = manifest?.Parts.FirstOrDefault(p => p.BatchId == state.Id);
        return part is null
            ? new JobOrigin(runId, 0, 0, null, null, null, 0)
            : part.OriginIn(runId);
    }

    /// <summary>The first folder of a blob URL in <paramref name="container"/> of this context's storage, when it looks like a run id.</summary>
    internal string? RunIdIn(string? url, string container)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        // Only a URL that passes the same confinement as a download names a run: a hostile one names nothing.
        string name;
        try
        {
            name = BlobConfinement.RequireBlobName(_context, container, url, BlobConfinement.OutputOutsideContainer);
        }
        catch (BlobBatchException)
        {
            return null;
        }

        int slash = name.IndexOf('/');
        string? first = slash > 0 ? name.Substring(0, slash) : null;
        return first is not null && RunIdShape.IsMatch(first) ? first : null;
    }

    private async Task<RunManifest?> ManifestAsync(string runId, CancellationToken cancellationToken)
    {
        if (_manifests.TryGetValue(runId, out RunManifest? known) || _storageUnavailable)
        {
            return known;
        }

        RunManifest? manifest = null;
        try
        {
            manifest = await RunManifestStore.ReadBlobAsync(_context, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobBatchException ex)
        {
            _log($"Run {runId}: its manifest could not be read ({ex.ErrorId}), so its batches show the run id only.");
            _storageUnavailable = ex.Kind is ErrorKind.PermissionDenied or ErrorKind.ConnectionError or ErrorKind.AuthenticationFailed;
        }

        _manifests[runId] = manifest;
        return manifest;
    }
}
