using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Threading.Tasks;
using BlobBatch.Core.Connection;

namespace BlobBatch.Core.Batches;

/// <summary>
/// The Azure client knows a fixed list of api-versions and only the classic path. This policy lets a
/// context use any dated version (it rewrites the api-version query) or the v1 surface (it moves
/// /openai/… to /openai/v1/… and drops api-version), without a second client.
/// </summary>
internal sealed class ApiRoutePolicy : PipelinePolicy
{
    private readonly string _apiVersion;

    public ApiRoutePolicy(string apiVersion) => _apiVersion = apiVersion;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Rewrite(PipelineMessage message)
    {
        Uri? uri = message.Request.Uri;
        if (uri is null)
        {
            return;
        }

        message.Request.Uri = Rewrite(uri, _apiVersion);
    }

    internal static Uri Rewrite(Uri uri, string apiVersion)
    {
        var builder = new UriBuilder(uri);
        var query = new List<string>();
        foreach (string pair in builder.Query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!pair.StartsWith("api-version=", StringComparison.OrdinalIgnoreCase))
            {
                query.Add(pair);
            }
        }

        if (apiVersion == ApiVersions.V1)
        {
            const string classic = "/openai/";
            int at = builder.Path.IndexOf(classic, StringComparison.Ordinal);
            if (at >= 0 && builder.Path.IndexOf("/openai/v1/", StringComparison.Ordinal) < 0)
            {
                builder.Path = builder.Path.Substring(0, at) + "/openai/v1/" + builder.Path.Substring(at + classic.Length);
            }
        }
        else
        {
            query.Add("api-version=" + Uri.EscapeDataString(apiVersion));
        }

        builder.Query = string.Join("&", query);
        return builder.Uri;
    }
}
