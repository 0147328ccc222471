using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Http;

/// <summary>Which path form and api-version a control call used; decides whether blob fields exist for it.</summary>
public sealed record ApiSurface(bool IsV1, string? ApiVersion)
{
    private const string ItemKey = "BlobBatch.Emulator.ApiSurface";

    private static readonly DatedApiVersion FirstWithBlobMode = DatedApiVersion.Parse(ApiVersionDefaults.FirstWithBlobMode);

    public bool AllowsBlobFields =>
        IsV1 || (DatedApiVersion.TryParse(ApiVersion, out DatedApiVersion version) && version >= FirstWithBlobMode);

    public static ApiSurface Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out object? value) && value is ApiSurface surface ? surface : new ApiSurface(true, null);

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
