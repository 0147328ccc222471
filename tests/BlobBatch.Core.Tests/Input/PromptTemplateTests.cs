using BlobBatch.Core.Errors;
using BlobBatch.Core.Input;

namespace BlobBatch.Core.Tests.Input;

public class PromptTemplateTests
{
    [Fact]
    public void FillsPlaceholdersNewLinesAndLiteralBraces()
    {
        PromptTemplate template = PromptTemplate.Parse("Title: {Title}{nl}{Body} {{json}}");
        string text = template.Render(new TestRow(1, ("Title", "Printer"), ("Body", "It jams.")));
        Assert.Equal("Title: Printer\nIt jams. {json}", text);
        Assert.Equal(new[] { "Title", "Body" }, template.Placeholders);
    }

    [Fact]
    public void NamesTheMissingPropertyAndTheRow()
    {
        var ex = Assert.Throws<BlobBatchException>(() => PromptTemplate.Parse("{Title} {Missing}").Render(new TestRow(7, ("Title", "x"))));
        Assert.Equal("TemplatePropertyMissing", ex.ErrorId);
        Assert.Contains("Row 7", ex.Message);
        Assert.Contains("'Missing'", ex.Message);
    }

    [Theory]
    [InlineData("{unclosed")]
    [InlineData("empty {} here")]
    public void RefusesMalformedTemplates(string source)
    {
        Assert.Equal("InvalidTemplate", Assert.Throws<BlobBatchException>(() => PromptTemplate.Parse(source)).ErrorId);
    }
}
