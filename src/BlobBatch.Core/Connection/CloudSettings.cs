using System;
using Azure.Identity;

namespace BlobBatch.Core.Connection;

/// <summary>
/// Host suffixes and token audiences of one Azure cloud: what the SDK clients are given. Public cloud
/// and Azure Government audiences are the ones Azure.AI.OpenAI itself knows; Azure China's
/// Cognitive Services audience follows the same pattern on its own host (docs list the host, not the
/// audience: unconfirmed, chosen as the documented-most form).
/// </summary>
public sealed class CloudSettings
{
    public static readonly CloudSettings AzureCloud = new(
        AzureEnvironment.AzureCloud, "core.windows.net", "https://cognitiveservices.azure.com/.default",
        AzureAuthorityHosts.AzurePublicCloud, "openai.azure.com", "cognitiveservices.azure.com", "services.ai.azure.com");

    public static readonly CloudSettings AzureUSGovernment = new(
        AzureEnvironment.AzureUSGovernment, "core.usgovcloudapi.net", "https://cognitiveservices.azure.us/.default",
        AzureAuthorityHosts.AzureGovernment, "openai.azure.us", "cognitiveservices.azure.us");

    public static readonly CloudSettings AzureChinaCloud = new(
        AzureEnvironment.AzureChinaCloud, "core.chinacloudapi.cn", "https://cognitiveservices.azure.cn/.default",
        AzureAuthorityHosts.AzureChina, "openai.azure.cn", "cognitiveservices.azure.cn");

    private readonly string[] _openAIHostSuffixes;

    private CloudSettings(AzureEnvironment environment, string storageSuffix, string openAIScope, Uri authorityHost, params string[] openAIHostSuffixes)
    {
        Environment = environment;
        StorageSuffix = storageSuffix;
        OpenAIScope = openAIScope;
        AuthorityHost = authorityHost;
        _openAIHostSuffixes = openAIHostSuffixes;
    }

    public AzureEnvironment Environment { get; }

    /// <summary>The storage endpoint suffix: an account's blob service is https://{account}.blob.{suffix}.</summary>
    public string StorageSuffix { get; }

    /// <summary>The scope of tokens for Azure OpenAI.</summary>
    public string OpenAIScope { get; }

    /// <summary>Where Microsoft Entra sign-ins of this cloud go.</summary>
    public Uri AuthorityHost { get; }

    public static CloudSettings For(AzureEnvironment environment) => environment switch
    {
        AzureEnvironment.AzureUSGovernment => AzureUSGovernment,
        AzureEnvironment.AzureChinaCloud => AzureChinaCloud,
        _ => AzureCloud,
    };

    /// <summary>The cloud an endpoint's host belongs to, or null when the host names none (a custom domain, loopback).</summary>
    public static CloudSettings? FromHost(string host)
    {
        foreach (CloudSettings cloud in new[] { AzureUSGovernment, AzureChinaCloud, AzureCloud })
        {
            foreach (string suffix in cloud._openAIHostSuffixes)
            {
                if (host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase))
                {
                    return cloud;
                }
            }
        }

        return null;
    }

    public Uri AccountBlobEndpoint(string account) => new($"https://{account}.blob.{StorageSuffix}");

    /// <summary>
    /// The scope of storage tokens. The public cloud uses the audience that covers every account
    /// (https://storage.azure.com); the sovereign clouds the account's own blob endpoint, which the
    /// storage SDK documents as valid for that account in any cloud.
    /// </summary>
    public string StorageScope(Uri blobEndpoint) => Environment == AzureEnvironment.AzureCloud
        ? "https://storage.azure.com/.default"
        : blobEndpoint.GetLeftPart(UriPartial.Authority) + "/.default";
}
