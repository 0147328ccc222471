namespace BlobBatch.Emulator.Tests.Infrastructure;

/// <summary>A fact that runs only when the named environment variable is "1"; for measurements, not for the suite.</summary>
public sealed class OptInFactAttribute : FactAttribute
{
    public OptInFactAttribute(string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) != "1")
        {
            Skip = $"Opt-in: set {variable}=1 to run.";
        }
    }
}
