using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Tests.Configuration;

public class DeploymentDefaultsTests
{
    [Fact]
    public void DefaultsAreTheThreeGpt4oDeploymentsAndAGpt5GlobalBatchOne()
    {
        EmulatorOptions options = new EmulatorOptions().WithDefaults();

        Assert.Equal(
            ["gpt-4o-batch gpt-4o GlobalBatch", "gpt-4o-mini-batch gpt-4o-mini DataZoneBatch", "gpt-4o-standard gpt-4o Standard", "gpt-5-batch gpt-5 GlobalBatch"],
            options.Deployments.Select(d => $"{d.Name} {d.Model} {d.Sku}"));
        DeploymentOptions gpt5 = options.Deployments.Single(d => d.Name == "gpt-5-batch");
        Assert.Equal(options.Deployments.Single(d => d.Name == "gpt-4o-batch").MaxEnqueuedTokens, gpt5.MaxEnqueuedTokens);
    }

    [Theory]
    [InlineData("gpt-5-batch", "gpt-5")]
    [InlineData("not-a-deployment", "not-a-deployment")]
    public void ModelOfNamesTheDeploymentsModel(string deployment, string model) =>
        Assert.Equal(model, DeploymentOptions.ModelOf(new EmulatorOptions().WithDefaults().Deployments, deployment));
}
