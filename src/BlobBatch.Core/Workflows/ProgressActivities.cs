namespace BlobBatch.Core.Workflows;

/// <summary>One activity id per long operation, so a host shows each as its own bar; sub-steps name these as parents.</summary>
public static class ProgressActivities
{
    public const int Building = 4101;
    public const int Validating = 4102;
    public const int Starting = 4103;
    public const int Uploading = 4104;
    public const int Waiting = 4105;
    public const int Saving = 4106;
    public const int Ordering = 4107;

    /// <summary>A run's targets while it starts or waits; each target is a child bar, <see cref="Target"/> plus its index.</summary>
    public const int Targets = 4108;
    public const int Target = 4120;
    public const int ValidatingFile = 4109;
}
