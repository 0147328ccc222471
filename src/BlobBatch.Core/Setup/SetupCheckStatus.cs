namespace BlobBatch.Core.Setup;

public enum SetupCheckStatus
{
    Passed,
    Failed,
    Skipped,

    /// <summary>Something the module cannot see from outside; the check says how to make sure of it.</summary>
    Info,
}
