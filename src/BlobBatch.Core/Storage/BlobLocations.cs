using System;
using System.IO;
using System.Linq;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Storage;

/// <summary>
/// The blob URLs the module makes, and which ones it may touch. Output URLs come from the service;
/// credentials go only to the configured blob endpoint, and only into the configured containers
/// (<see cref="BlobConfinement"/>).
/// </summary>
public static class BlobLocations
{
    public static Uri InputBlob(BlobBatchContext context, string runId, string fileName) =>
        new($"{context.InputContainerUri.AbsoluteUri}/{RunIds.Require(runId)}/{Uri.EscapeDataString(fileName)}");

    public static Uri OutputFolder(BlobBatchContext context, string runId) =>
        new($"{context.OutputContainerUri.AbsoluteUri}/{RunIds.Require(runId)}");

    /// <summary>
    /// A part's own output folder (a blob name in the output container), named after its input blob, which is
    /// never reused: whatever lands under it is this part's batch's output, found even when the batch names none.
    /// </summary>
    public static string PartOutputFolderName(string runId, Uri inputBlob) =>
        $"{RunIds.Require(runId)}/parts/{Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(inputBlob.Segments[inputBlob.Segments.Length - 1]))}";

    /// <summary>The output_folder for a batch: the part's own folder when its run recorded one, else the run's.</summary>
    public static Uri OutputFolderOf(BlobBatchContext context, string runId, string? partFolder) =>
        partFolder is null
            ? OutputFolder(context, runId)
            : new($"{context.OutputContainerUri.AbsoluteUri}/{string.Join("/", partFolder.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>The blob name inside the output container that <paramref name="url"/> names; refuses anything else.</summary>
    public static string RequireInOutputContainer(BlobBatchContext context, string url) =>
        BlobConfinement.RequireBlobName(context, context.OutputContainer, url, BlobConfinement.OutputOutsideContainer);
}
