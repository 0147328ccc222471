using System.Security.Cryptography;
using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

public class BatchInputPartTests
{
    [Fact]
    public void TheHashIsOfTheFileAsItIsWhenFirstAskedForAndThenKept()
    {
        using var folder = new TempFolder();
        string path = folder.File("part.jsonl");
        File.WriteAllText(path, "{\"custom_id\":\"a\"}\n");
        var part = new BatchInputPart(path, 1, 1, 1, 19, 5);

        File.WriteAllText(path, "{\"custom_id\":\"b\"}\n");
        string expected = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
        Assert.Equal(expected, part.Sha256);

        File.WriteAllText(path, "{\"custom_id\":\"c\"}\n");
        Assert.Equal(expected, part.Sha256);
    }

    [Fact]
    public void AMissingFileIsAnErrorWithAStableIdAndIsNotRemembered()
    {
        using var folder = new TempFolder();
        string path = folder.File("later.jsonl");
        var part = new BatchInputPart(path, 1, 1, 1, 3, 1);

        var error = Assert.Throws<BlobBatchException>(() => part.Sha256);
        Assert.Equal("InputFileNotFound", error.ErrorId);

        File.WriteAllText(path, "{}\n");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant(), part.Sha256);
    }
}
