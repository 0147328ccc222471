using System;
using System.Management.Automation;
using BlobBatch.Core.Connection;
using BlobBatch.Core.Errors;

namespace BlobBatch.Infrastructure;

/// <summary>
/// What BlobBatch reads of an Az context (the object Get-AzContext returns): the account, the tenant
/// and the cloud. Read by property name, as Az binds its own contexts, because Az's types live in
/// Az's own load context and are not ours to reference.
/// </summary>
internal sealed class AzContextShape
{
    private AzContextShape(string account, string tenant, AzureEnvironment? environment)
    {
        Account = account;
        Tenant = tenant;
        Environment = environment;
    }

    public string Account { get; }

    public string Tenant { get; }

    /// <summary>The context's cloud when it is one BlobBatch knows.</summary>
    public AzureEnvironment? Environment { get; }

    public static AzContextShape Read(PSObject context)
    {
        string? account = Nested(context, "Account", "Id");
        string? tenant = Nested(context, "Tenant", "Id");
        if (string.IsNullOrEmpty(account) || string.IsNullOrEmpty(tenant))
        {
            throw new BlobBatchException(
                "InvalidAzContext", ErrorKind.InvalidArgument,
                "The object given as -AzContext is not a signed-in Az context (it needs Account.Id and Tenant.Id). Pipe Get-AzContext after Connect-AzAccount.");
        }

        string? cloud = Nested(context, "Environment", "Name");
        AzureEnvironment? environment = Enum.TryParse(cloud, ignoreCase: true, out AzureEnvironment known) ? known : null;
        return new AzContextShape(account!, tenant!, environment);
    }

    public string Describe() => $"AzContext ({Account}, tenant {Tenant})";

    private static string? Nested(PSObject context, string outer, string inner)
    {
        object? value = context.Properties[outer]?.Value;
        if (value is null)
        {
            return null;
        }

        object? leaf = PSObject.AsPSObject(value).Properties[inner]?.Value;
        return leaf?.ToString();
    }
}
