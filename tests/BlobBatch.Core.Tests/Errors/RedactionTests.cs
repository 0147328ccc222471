using BlobBatch.Core.Errors;

namespace BlobBatch.Core.Tests.Errors;

public class RedactionTests
{
    [Theory]
    [InlineData("https://a.blob.core.windows.net/c/b?sv=1&sig=secret", "https://a.blob.core.windows.net/c/b")]
    [InlineData("https://user:pa55word@contoso.openai.azure.com/x", "https://contoso.openai.azure.com/x")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/c?sig=x#f", "http://127.0.0.1:10000/devstoreaccount1/c")]
    public void UrlsLoseUserInfoQueryAndFragment(string url, string shown) => Assert.Equal(shown, Redaction.Url(url));

    [Theory]
    [InlineData("contosobatch", "'contosobatch'")]
    [InlineData("contoso.openai.azure.com", "'contoso.openai.azure.com'")]
    public void NamesAreQuoted(string value, string shown) => Assert.Equal(shown, Redaction.Value(value));

    [Theory]
    [InlineData("sv=2024-01-01&ss=b&sig=SECRETSIG", "SAS")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=SECRETKEY==;EndpointSuffix=core.windows.net", "connection string")]
    [InlineData("0123456789abcdef0123456789abcdef", "")]
    [InlineData("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", "")]
    public void WhatMayBeASecretIsDescribedNotShown(string value, string resemblance)
    {
        string shown = Redaction.Value(value);
        Assert.DoesNotContain(value, shown);
        Assert.DoesNotContain("SECRET", shown);
        Assert.Contains($"{value.Length} characters", shown);
        Assert.Contains(resemblance, shown);
    }

    [Theory]
    [InlineData("GET https://a.blob.core.windows.net/c/b?sv=1&sig=SECRET failed")]
    [InlineData("AccountName=a;AccountKey=SECRET==;BlobEndpoint=x")]
    [InlineData("BlobEndpoint=https://a/;SharedAccessSignature=sv=1&sig=SECRET")]
    [InlineData("token sig=SECRET&se=1")]
    [InlineData("Authorization: Bearer SECRET.part.two")]
    [InlineData("see https://user:SECRET@host.example/x")]
    public void FreeTextLosesEverySecret(string text) => Assert.DoesNotContain("SECRET", Redaction.Text(text));

    [Theory]
    [InlineData("Give one like https://contoso.openai.azure.com.")]
    [InlineData("See https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch and try again.")]
    public void CleanUrlsInTextStayAsWritten(string text) => Assert.Equal(text, Redaction.Text(text));

    [Fact]
    public void ErrorsRedactTheirMessageTargetAndInnerException()
    {
        var inner = new InvalidOperationException("request to https://a.blob.core.windows.net/c/b?sig=SECRET failed");
        var ex = new BlobBatchException("X", ErrorKind.InvalidData, "at https://a/c?sig=SECRET", new Uri("https://u:SECRET@a/c?sig=SECRET"), inner);
        Assert.DoesNotContain("SECRET", ex.ToString());
        Assert.DoesNotContain("SECRET", ex.Target!.ToString());
        Assert.IsType<RedactedException>(ex.InnerException);
        Assert.Equal(typeof(InvalidOperationException).FullName, ((RedactedException)ex.InnerException!).OriginalType);
    }

    [Fact]
    public void CleanInnerExceptionsAreKeptAsTheyAre()
    {
        var inner = new IOException("disk full");
        Assert.Same(inner, new BlobBatchException("X", ErrorKind.InvalidData, "m", null, inner).InnerException);
    }
}
