using BlobBatch.Core.Results;

namespace BlobBatch.Core.Tests.Results;

public class BoxedTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    [InlineData(4095)]
    public void ASmallNumberIsOneSharedBoxOfItsValue(int value)
    {
        object? box = Boxed.Of((int?)value);
        Assert.Equal(value, box);
        Assert.Same(box, Boxed.Of((int?)value));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4096)]
    [InlineData(int.MaxValue)]
    public void AnyOtherNumberIsBoxedAsItIs(int value) => Assert.Equal(value, Boxed.Of((int?)value));

    [Fact]
    public void NoValueStaysNullAndFlagsAreTheirValues()
    {
        Assert.Null(Boxed.Of((int?)null));
        Assert.Equal(true, Boxed.Of(true));
        Assert.Equal(false, Boxed.Of(false));
        Assert.Same(Boxed.Of(true), Boxed.Of(true));
    }
}
