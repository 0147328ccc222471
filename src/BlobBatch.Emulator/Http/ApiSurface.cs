using BlobBatch.Emulator.Configuration;

namespace BlobBatch.Emulator.Http;

/// <summary>Which path form and api-version a control call used; decides whether blob fields exist for it.</summary>
public sealed record ApiSurface(bool IsV1, string? ApiVersion)
{
    private const string ItemKey = "BlobBatch.Emulator.ApiSurface";

    public bool AllowsBlobFields =>
        IsV1 || (ApiVersion is { Length: >= 10 }
                 && string.CompareOrdinal(ApiVersion[..10], ApiVersionDefaults.FirstWithBlobMode[..10]) >= 0);

    public static ApiSurface Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out object? value) && value is ApiSurface surface ? surface : new ApiSurface(true, null);

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
