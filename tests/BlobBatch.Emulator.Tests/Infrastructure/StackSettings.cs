using System.Text.Json;

namespace BlobBatch.Emulator.Tests.Infrastructure;

/// <summary>Azurite's details from the stack file named by BLOBBATCH_STACK_FILE (written by build.ps1 stack / test).</summary>
public sealed record StackSettings(string StorageConnectionString, string BlobEndpoint)
{
    private static readonly Lazy<StackSettings> Current = new(Load);

    /// <summary>The stack file's path; fails with what to do when it is not set.</summary>
    public static string FilePath()
    {
        string? path = Environment.GetEnvironmentVariable("BLOBBATCH_STACK_FILE");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                "BLOBBATCH_STACK_FILE must name the stack JSON with Azurite's details. Start one with 'dotnet pwsh ./build.ps1 stack' and set BLOBBATCH_STACK_FILE=out/stack.json.");
        }

        return path;
    }

    public static StackSettings Load()
    {
        using JsonDocument stack = JsonDocument.Parse(File.ReadAllText(FilePath()));
        return new StackSettings(
            stack.RootElement.GetProperty("storageConnectionString").GetString()!,
            stack.RootElement.GetProperty("blobEndpoint").GetString()!);
    }

    public static StackSettings Get() => Current.Value;
}
