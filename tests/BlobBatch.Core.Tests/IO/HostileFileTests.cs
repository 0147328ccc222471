using System.Text;
using BlobBatch.Core.Errors;
using BlobBatch.Core.IO;

namespace BlobBatch.Core.Tests.IO;

/// <summary>Reading and writing local files when the input is hostile or another process competes.</summary>
public class HostileFileTests
{
    [Fact]
    public void AnOverlongLineIsSkippedInBoundedMemoryAndTheNextOneRead()
    {
        byte[] content = Encoding.UTF8.GetBytes("short\n" + new string('x', 5_000_000) + "\nafter\n" + new string('y', 300));
        using var reader = new JsonlLineReader(new MemoryStream(content), maxLineBytes: 100);

        var lines = new List<(string Text, bool TooLong)>();
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            lines.Add((Encoding.UTF8.GetString(line), reader.LineTooLong));
        }

        Assert.Equal(new[] { ("short", false), ("", true), ("after", false), ("", true) }, lines);
        Assert.Equal(4, reader.LineNumber);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the 5 MB line was never held");
    }

    [Fact]
    public void AFileWithoutLineBreaksCostsAboutAMegabyteNotTheLimit()
    {
        byte[] content = new byte[60_000_000];
        content.AsSpan().Fill((byte)'x');
        using var reader = new JsonlLineReader(new MemoryStream(content), maxLineBytes: 50_000_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(reader.TryReadLine(out _));
        Assert.True(reader.LineTooLong);
        Assert.False(reader.TryReadLine(out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000, "the line was measured, not held");
    }

    [Fact]
    public void ALongLineUnderTheLimitIsReadWhole()
    {
        string big = new('y', 3_000_000);
        using var reader = new JsonlLineReader(new MemoryStream(Encoding.UTF8.GetBytes("a\n" + big + "\r\nb")), maxLineBytes: 50_000_000);

        var lines = new List<string>();
        while (reader.TryReadLine(out ArraySegment<byte> line))
        {
            Assert.False(reader.LineTooLong);
            lines.Add(Encoding.UTF8.GetString(line));
        }

        Assert.Equal(new[] { "a", big, "b" }, lines);
    }

    [Fact]
    public void ARenameWithoutOverwriteNeverReplacesAFileThatAppeared()
    {
        using var folder = new TempFolder();
        string final = folder.File("results.jsonl");
        string temp = OutputPaths.TempPathFor(final);
        File.WriteAllText(temp, "mine");
        File.WriteAllText(final, "theirs");

        var ex = Assert.Throws<BlobBatchException>(() => OutputPaths.MoveIntoPlace(temp, final, overwrite: false));

        Assert.Equal("OutputFileExists", ex.ErrorId);
        Assert.Equal("theirs", File.ReadAllText(final));
        OutputPaths.MoveIntoPlace(temp, final, overwrite: true);
        Assert.Equal("mine", File.ReadAllText(final));
    }

    [Fact]
    public void AFolderIsClaimedByOneSaveAtATime()
    {
        using var folder = new TempFolder();
        using (OutputFolderClaim.Claim(folder.Path))
        {
            var ex = Assert.Throws<BlobBatchException>(() => OutputFolderClaim.Claim(folder.Path));
            Assert.Equal("OutputInUse", ex.ErrorId);
            Assert.Equal(ErrorKind.ResourceBusy, ex.Kind);
        }

        using (OutputFolderClaim.Claim(folder.Path))
        {
            // Released with the first claim; the lock file stayed behind and does not block.
        }
    }

    [Theory]
    [InlineData("a\0b.jsonl")]
    [InlineData("\0")]
    [InlineData("")]
    public void APathNoFileSystemTakesIsInvalidPath(string path)
    {
        var ex = Assert.Throws<BlobBatchException>(() => LocalPaths.Full(path));
        Assert.Equal("InvalidPath", ex.ErrorId);
        Assert.True(ex.Message.IndexOf('\0') < 0, "a NUL is shown as \\x00, not written into the message");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void FormulasAreWrittenAsText(string cell, string written) => Assert.Equal(written, BlobBatch.Core.Results.CsvFormulas.Escape(cell));
}
