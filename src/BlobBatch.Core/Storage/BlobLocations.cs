using System;
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

    /// <summary>The blob name inside the output container that <paramref name="url"/> names; refuses anything else.</summary>
    public static string RequireInOutputContainer(BlobBatchContext context, string url) =>
        BlobConfinement.RequireBlobName(context, context.OutputContainer, url, BlobConfinement.OutputOutsideContainer);
}
