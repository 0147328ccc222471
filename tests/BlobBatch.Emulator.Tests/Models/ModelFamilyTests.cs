using BlobBatch.Emulator.Models;

namespace BlobBatch.Emulator.Tests.Models;

public class ModelFamilyTests
{
    [Theory]
    [InlineData("o1")]
    [InlineData("o1-mini")]
    [InlineData("o3")]
    [InlineData("o3-mini")]
    [InlineData("o3-pro")]
    [InlineData("o4-mini")]
    [InlineData("o4-mini-2025-04-16")]
    [InlineData("gpt-5")]
    [InlineData("GPT-5")]
    [InlineData("gpt-5-mini")]
    [InlineData("gpt-5-nano")]
    [InlineData("gpt-5-2025-08-07")]
    [InlineData("gpt-5.1")]
    [InlineData("gpt-5.4")]
    [InlineData("gpt-5.4-mini")]
    public void OSeriesAndTheGpt5FamilyReason(string model) => Assert.True(ModelFamily.IsReasoning(model));

    [Theory]
    [InlineData("gpt-5-chat")]
    [InlineData("gpt-5-chat-latest")]
    [InlineData("gpt-5.1-chat")]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("gpt-4.1")]
    [InlineData("gpt-4.1-nano")]
    [InlineData("gpt-4.5-preview")]
    [InlineData("gpt-35-turbo")]
    [InlineData("gpt-50")]
    [InlineData("omni-moderation-latest")]
    [InlineData("text-embedding-3-small")]
    public void ChatTunedAndOlderModelsDoNotReason(string model) => Assert.False(ModelFamily.IsReasoning(model));
}
